using System.CommandLine;
using System.Text.Json;
using Awaitly.Cli.Output;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary>Options and output pieces several commands use.</summary>
internal static class Shared
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document (stable; see the README) instead of a table." };

    public static Option<bool> Yes() => new("--yes", "-y") { Description = "Do it without asking (required when not on a terminal)." };

    public static string LeaseText(LeaseRecord? lease) => lease is null
        ? "-"
        : (lease.IsLive ? "held until " : "expired ") + (lease.ExpiresAt is { } at ? Formats.Time(at) : lease.ExpiresAtText) + " by " + Owner(lease.OwnerToken);

    public static string Owner(string token) => token.Length <= 8 ? token : token[..8];

    public static void WriteLease(Utf8JsonWriter w, LeaseRecord? lease)
    {
        if (lease is null)
        {
            w.WriteNull("lease");
            return;
        }

        w.WriteStartObject("lease");
        w.WriteString("owner", lease.OwnerToken);
        w.WriteString("expiresAt", lease.ExpiresAt is { } at ? IsoTimestamp.ToText(at) : lease.ExpiresAtText);
        w.WriteBoolean("live", lease.IsLive);
        w.WriteEndObject();
    }

    public static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
