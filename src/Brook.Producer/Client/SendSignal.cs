using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Brook.Producer;

/// <summary>
/// The pooled "record is buffered" completion behind a <c>Produce(…, state, handler)</c> that had to wait (metadata,
/// buffer.memory, an async serializer). Returned to its pool when the awaiter took the result, so a blocked send
/// allocates nothing once warm. Continuations never run on the producer's thread that completes the signal: they are
/// queued as this object itself (an <see cref="IThreadPoolWorkItem"/>), or posted to the awaiter's synchronization
/// context or task scheduler, so neither an <c>await</c> nor a blocking waiter that registered a cached delegate
/// allocates a work item.
/// </summary>
internal sealed class SendSignal : IValueTaskSource, IThreadPoolWorkItem
{
    private static readonly Action<object?> Dispatch = static state => ((SendSignal)state!).Schedule();
    private static readonly ContextCallback RunInContext = static state => ((SendSignal)state!).InvokeContinuation();

    private readonly ConcurrentQueue<SendSignal> _pool;
    private ManualResetValueTaskSourceCore<bool> _core;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private ExecutionContext? _context;
    private object? _scheduler;

    /// <summary>Creates a signal that returns itself to <paramref name="pool"/> after use.</summary>
    public SendSignal(ConcurrentQueue<SendSignal> pool) => _pool = pool;

    /// <summary>The token of the current use.</summary>
    public short Version => _core.Version;

    /// <summary>The record is in a batch.</summary>
    public void SetResult() => _core.SetResult(true);

    /// <summary>The record was not buffered (the handler will not be called).</summary>
    public void SetException(Exception error) => _core.SetException(error);

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _continuation = null;
            _continuationState = null;
            _context = null;
            _scheduler = null;
            _core.Reset();
            _pool.Enqueue(this);
        }
    }

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        _continuation = continuation;
        _continuationState = state;
        if ((flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0)
        {
            _context = ExecutionContext.Capture();
        }

        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0)
        {
            if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
            {
                _scheduler = context;
            }
            else if (TaskScheduler.Current != TaskScheduler.Default)
            {
                _scheduler = TaskScheduler.Current;
            }
        }

        // The core calls Dispatch synchronously from SetResult/SetException (or at once if already completed).
        _core.OnCompleted(Dispatch, this, token, ValueTaskSourceOnCompletedFlags.None);
    }

    /// <inheritdoc />
    void IThreadPoolWorkItem.Execute() => Run();

    private void Schedule()
    {
        switch (_scheduler)
        {
            case SynchronizationContext context:
                context.Post(static state => ((SendSignal)state!).Run(), this);
                break;
            case TaskScheduler scheduler:
                _ = Task.Factory.StartNew(static state => ((SendSignal)state!).Run(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
                break;
            default:
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                break;
        }
    }

    private void Run()
    {
        if (_context is { } context)
        {
            ExecutionContext.Run(context, RunInContext, this);
        }
        else
        {
            InvokeContinuation();
        }
    }

    // The continuation usually calls GetResult, which recycles this signal: read everything first.
    private void InvokeContinuation()
    {
        var continuation = _continuation!;
        var state = _continuationState;
        continuation(state);
    }
}
