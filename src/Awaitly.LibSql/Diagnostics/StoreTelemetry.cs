using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Awaitly.LibSql.Diagnostics;

/// <summary>The store's spans (OpenTelemetry database client conventions) and measurements, under the engine's names.</summary>
internal static class StoreTelemetry
{
    public static readonly ActivitySource Source = new(AwaitlyTelemetry.ActivitySourceName);

    public static readonly Meter Meter = new(AwaitlyTelemetry.MeterName);

    public static readonly Counter<long> RemoteRetries = Meter.CreateCounter<long>("awaitly.remote.retries", "{request}", "Remote requests sent again after a transient failure.");

    public const string DbSystem = "db.system.name";
    public const string DbOperation = "db.operation.name";
    public const string DbCollection = "db.collection.name";
    public const string BatchSize = "db.operation.batch.size";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string HttpStatus = "http.response.status_code";

    /// <summary>Adds the HTTP status of a remote call to the store span it belongs to (no span, or another library's: nothing).</summary>
    public static void RecordHttpStatus(int status)
    {
        if (Activity.Current is { } current && ReferenceEquals(current.Source, Source) && current.IsAllDataRequested)
        {
            current.SetTag(HttpStatus, status);
        }
    }
}
