using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Awaitly;

/// <summary>The ids running in this process, per store instance.</summary>
internal static class ActiveWorkflows
{
    private static readonly ConcurrentDictionary<Key, byte> Running = new();

    public static bool TryClaim(object store, string workflowId) => Running.TryAdd(new Key(store, workflowId), 0);

    public static void Release(object store, string workflowId) => Running.TryRemove(new Key(store, workflowId), out _);

    private readonly struct Key(object store, string workflowId) : IEquatable<Key>
    {
        private readonly object _store = store;
        private readonly string _workflowId = workflowId;

        public bool Equals(Key other) => ReferenceEquals(_store, other._store) && string.Equals(_workflowId, other._workflowId, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_store), StringComparer.Ordinal.GetHashCode(_workflowId));
    }
}
