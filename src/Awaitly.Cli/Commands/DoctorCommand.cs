using System.CommandLine;
using System.Globalization;
using Awaitly.Cli.Output;

namespace Awaitly.Cli.Commands;

/// <summary><c>awaitly doctor</c>: the health of the store's database; exit status 3 when something is wrong.</summary>
internal static class DoctorCommand
{
    public static Command Create(StoreConnection connection)
    {
        var json = Shared.Json();
        var command = new Command("doctor",
            "Check the database: schema version and pending migrations, journal mode and integrity (files), expired leases, round-trip time. Exit 3 on a problem.")
        {
            json,
        };
        command.SetAction(StoreAction.Of(connection, async (parse, inspector, ct) =>
        {
            var d = await inspector.DiagnoseAsync(ct);
            var roundTripMs = Math.Round(d.RoundTrip.TotalMilliseconds, 2);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("url", inspector.DisplayUrl);
                    w.WriteString("table", inspector.Table);
                    w.WriteBoolean("tableExists", d.TableExists);
                    w.WriteNumber("schemaVersion", d.SchemaVersion);
                    w.WriteNumber("currentSchemaVersion", d.CurrentSchemaVersion);
                    w.WriteOptionalString("lockTable", inspector.LockTable);
                    if (d.LockTableExists is { } exists)
                    {
                        w.WriteBoolean("lockTableExists", exists);
                    }
                    else
                    {
                        w.WriteNull("lockTableExists");
                    }

                    Strings(w, "pendingMigrations", d.PendingMigrations);
                    w.WriteOptionalString("journalMode", d.JournalMode);
                    w.WriteOptionalString("synchronous", d.Synchronous);
                    if (d.IntegrityCheck is null)
                    {
                        w.WriteNull("integrityCheck");
                    }
                    else
                    {
                        Strings(w, "integrityCheck", d.IntegrityCheck);
                    }

                    w.WriteNumber("expiredLeases", d.ExpiredLeases);
                    w.WriteNumber("rows", d.Statistics.Rows);
                    w.WriteNumber("bytes", d.Statistics.Bytes);
                    w.WriteNumber("expiredRows", d.Statistics.ExpiredRows);
                    w.WriteNumber("roundTripMs", roundTripMs);
                    w.WriteBoolean("healthy", d.IsHealthy);
                    Strings(w, "problems", d.Problems);
                    Strings(w, "warnings", d.Warnings);
                    w.WriteEndObject();
                });
            }
            else
            {
                var o = Console.Out;
                o.WriteLine($"database:      {inspector.DisplayUrl}");
                var version = d.TableExists ? $"schema version {d.SchemaVersion}, this library writes {d.CurrentSchemaVersion}" : "missing";
                o.WriteLine($"table:         {inspector.Table} ({version})");
                o.WriteLine($"lock table:    {inspector.LockTable} ({(d.LockTableExists == true ? "present" : "missing")})");
                o.WriteLine($"migrations:    {(d.PendingMigrations.Count == 0 ? "none pending" : string.Join("; ", d.PendingMigrations))}");
                o.WriteLine($"journal mode:  {d.JournalMode ?? "(remote)"}");
                var synchronous = d.Synchronous is { } mode ? mode + " (set per connection by each store; the TypeScript package uses SQLite's default, full)" : "(remote)";
                o.WriteLine($"synchronous:   {synchronous}");
                o.WriteLine($"integrity:     {(d.IntegrityCheck is null ? "(remote: not checked)" : string.Join("; ", d.IntegrityCheck))}");
                o.WriteLine($"leases:        {Formats.Number(d.ExpiredLeases)} expired");
                o.WriteLine($"rows:          {Formats.Number(d.Statistics.Rows)} ({Formats.Bytes(d.Statistics.Bytes)}; {Formats.Number(d.Statistics.ExpiredRows)} expired)");
                o.WriteLine($"round trip:    {roundTripMs.ToString("0.00", CultureInfo.InvariantCulture)} ms");
                foreach (var warning in d.Warnings)
                {
                    o.WriteLine("warning: " + warning);
                }

                foreach (var problem in d.Problems)
                {
                    o.WriteLine("problem: " + problem);
                }

                o.WriteLine(d.IsHealthy ? "healthy" : $"{Formats.Number(d.Problems.Count)} problem(s)");
            }

            return d.IsHealthy ? ExitCodes.Done : ExitCodes.Database;
        }));
        return command;
    }

    private static void Strings(System.Text.Json.Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
