using System.Diagnostics.Tracing;

namespace Awaitly.LibSql.Benchmarks;

/// <summary>
/// The runtime's allocation samples (one GC AllocationTick event per ~100 KB allocated, naming the type that crossed the
/// mark), counted by type while it is enabled: a sampled picture of what a run allocates.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _enabled;

    public void Start() => Volatile.Write(ref _enabled, true);

    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        Volatile.Write(ref _enabled, false);
        lock (_gate)
        {
            var top = _bytesByType.OrderByDescending(pair => pair.Value).Select(pair => (pair.Key, pair.Value)).ToList();
            _bytesByType.Clear();
            return top;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Volatile.Read(ref _enabled) || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) ||
            eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var index = names.IndexOf("AllocationAmount64");
        var bytes = index >= 0 ? Convert.ToInt64(payload[index], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + bytes;
        }
    }
}
