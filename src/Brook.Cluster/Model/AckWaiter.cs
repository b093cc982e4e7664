using System.Threading.Tasks.Sources;

namespace Brook.Cluster.Model;

/// <summary>
/// A parked acks=all produce: completes when the HW passes <see cref="RequiredOffset"/>, on timeout, or when
/// leadership moves (Kafka's DelayedProduce). Pooled per partition and reused after the awaiter reads the result,
/// so parking allocates nothing in steady state. Continuations run asynchronously: completion happens under the
/// partition lock and must not run handler code there.
/// </summary>
internal sealed class AckWaiter : IValueTaskSource<PartitionProduceResult>
{
    private ManualResetValueTaskSourceCore<PartitionProduceResult> _core = new() { RunContinuationsAsynchronously = true };
    private PartitionState? _owner;

    /// <summary>HW the batch needs: its last offset + 1.</summary>
    public long RequiredOffset { get; private set; }

    /// <summary>Cluster time (ms) at which the wait fails with REQUEST_TIMED_OUT.</summary>
    public long DeadlineMs { get; private set; }

    /// <summary>The answer on success (base offset, append time, log start filled at completion).</summary>
    public PartitionProduceResult Success { get; private set; }

    /// <summary>The task the produce handler awaits.</summary>
    public ValueTask<PartitionProduceResult> Task => new(this, _core.Version);

    public void Arm(PartitionState owner, long requiredOffset, long deadlineMs, in PartitionProduceResult success)
    {
        _owner = owner;
        RequiredOffset = requiredOffset;
        DeadlineMs = deadlineMs;
        Success = success;
    }

    public void Complete(in PartitionProduceResult result) => _core.SetResult(result);

    public PartitionProduceResult GetResult(short token)
    {
        var result = _core.GetResult(token);
        var owner = _owner;
        _owner = null;
        _core.Reset();
        owner?.ReturnWaiter(this);
        return result;
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
