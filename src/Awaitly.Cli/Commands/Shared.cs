using System.CommandLine;
using System.Text.Json;
using Awaitly.Cli.Output;
using Awaitly.LibSql;

namespace Awaitly.Cli.Commands;

/// <summary>Options and output pieces several commands use.</summary>
internal static class Shared
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document (stable; see the README) instead of a table." };

    /// <summary>
    /// Reports how many rows a maintenance command handled: <c>{"table":…,"&lt;property&gt;":count}</c> with <c>--json</c>, else
    /// <paramref name="text"/>; exit 0 when it handled any, 1 when none.
    /// </summary>
    public static int ReportCount(bool json, string table, string property, int count, string text)
    {
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("table", table);
                w.WriteNumber(property, count);
                w.WriteEndObject();
            });
        }
        else
        {
            Console.Out.WriteLine(text);
        }

        return count > 0 ? ExitCodes.Done : ExitCodes.NothingFound;
    }

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
