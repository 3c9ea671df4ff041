using System.Text.Json;

namespace Awaitly;

/// <summary>
/// The state of one durable run: the stored steps it replays, the entries it has completed, its
/// serialized checkpoint writer, and its cancellation (caller or lost lease).
/// </summary>
internal sealed partial class WorkflowRun : IDisposable
{
    private readonly Lock _entriesGate = new();
    private readonly OrderedDictionary<string, StepEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal);
    private readonly CheckpointGate _saveGate = new();
    private readonly CancellationTokenSource _cancellation;
    private readonly IStatePersistence _store;
    private readonly WorkflowLease? _lease;
    private readonly LeaseFence? _fence;
    private readonly CancellationToken _storeClosing;
    private WorkflowState _resume = WorkflowState.Empty;
    private JsonElement? _baseMetadata;
    private WorkflowMetadata? _metadata;
    private bool _storedMatchesEntries;
    private Exception? _leaseLossCause;
    private volatile bool _leaseLost;
    private int _leaseLossReported;
    private string? _lastStepKey;
    private bool _hasStoredState;

    // A step went to a store that keeps checkpoints in its own form since the last whole-state save (see SaveAtRestAsync).
    private bool _patchedSinceWholeSave;

    public WorkflowRun(DurableOptions options, IStatePersistence store, WorkflowLease? lease, RunObserver observer, CancellationToken callerToken)
    {
        Options = options;
        Observer = observer;
        _store = store;
        _lease = lease;
        _fence = lease?.Fence;
        _storeClosing = store is IStoreLifetime lifetime ? lifetime.Closing : CancellationToken.None;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _storeClosing);
    }

    public DurableOptions Options { get; }

    public RunObserver Observer { get; }

    public string WorkflowId => Options.Id;

    public CancellationToken Token => _cancellation.Token;

    public string? LastStepKey => Volatile.Read(ref _lastStepKey);

    private TimeProvider Time => Options.TimeProvider;

    // Events are built only for a listener (each one reads the clock).
    private bool Listening => Options.OnEvent is not null;

    /// <param name="state">The steps to replay.</param>
    /// <param name="metadata">The metadata to build on.</param>
    /// <param name="stored">True when <paramref name="state"/> is exactly what the store holds, so steps can be patched into it.</param>
    public void Resume(WorkflowState state, JsonElement? metadata, bool stored)
    {
        _resume = state;
        _baseMetadata = metadata;
        _metadata = null;
        _storedMatchesEntries = stored;
        _hasStoredState = stored;
        lock (_entriesGate)
        {
            // A resumed run claims each stored key again; sized once rather than grown step by step.
            _entries.EnsureCapacity(state.Steps.Count + 1);
            _usedKeys.EnsureCapacity(state.Steps.Count + 1);
            foreach (var entry in state.Steps)
            {
                _entries[entry.Key] = entry;
            }
        }
    }

    public WorkflowError StoppedError() =>
        _leaseLost ? new LeaseExpiredError(WorkflowId, _leaseLossCause)
        : _storeClosing.IsCancellationRequested ? new PersistenceError(WorkflowId, PersistenceOperation.Save, StoreDisposed())
        : new WorkflowCancelledError(WorkflowId, "Cancellation was requested.", LastStepKey);

    private ObjectDisposedException StoreDisposed() => new(_store.GetType().Name,
        $"The store was disposed while workflow '{WorkflowId}' was running; its state is kept as of the last checkpoint, and a run on an open store resumes it.");

    public void OnLeaseLost(Exception? cause)
    {
        // The heartbeat and a refused checkpoint can both report the same loss; it is one event.
        if (Interlocked.Exchange(ref _leaseLossReported, 1) != 0)
        {
            return;
        }

        _leaseLossCause = cause;
        _leaseLost = true;
        _lease?.MarkLost();
        Observer.LeaseLost(cause);
        Emit(new DurableEvent(DurableEventKind.LeaseLost, WorkflowId, Time.GetUtcNow()) { Exception = cause });
        _cancellation.Cancel();
    }

    public void Emit(DurableEvent durableEvent)
    {
        try
        {
            Options.OnEvent?.Invoke(durableEvent);
        }
        catch (Exception)
        {
            // A listener's failure must not change the outcome of the run.
        }
    }

    public WorkflowExitException Exit(WorkflowError error) => new(this, error);

    public void Dispose()
    {
        _cancellation.Dispose();
    }

    /// <summary>True for the errors a run ends with when a step failed (rather than the run being interrupted).</summary>
    public static bool EndsOnStepError(WorkflowError error) => error is ExpectedError or UnexpectedError or StepTimeoutError or DuplicateStepKeyError;

    private TimeSpan? Since(long? started) => started is { } timestamp ? Time.GetElapsedTime(timestamp) : null;

    private DurableEvent StepEvent(DurableEventKind kind, string stepId, string? stepKey) =>
        new(kind, WorkflowId, Time.GetUtcNow()) { StepId = stepId, StepKey = stepKey };

    private sealed class StepTimedOutException : Exception;
}
