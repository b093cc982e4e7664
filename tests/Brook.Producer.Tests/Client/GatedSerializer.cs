using System.Buffers;
using System.Text;
using System.Threading.Tasks.Sources;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// An asynchronous UTF-8 serializer that really yields: a value listed in <see cref="Gated"/> waits for
/// <see cref="Release"/>, any other value completes after <c>Task.Yield</c> unless <see cref="Synchronous"/>; a value
/// equal to <see cref="FailOn"/> faults after yielding.
/// </summary>
internal sealed class GatedSerializer : IAsyncSerializer<string>
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>Values that wait for <see cref="Release"/>.</summary>
    public HashSet<string> Gated { get; } = new(StringComparer.Ordinal);

    /// <summary>Ungated values complete synchronously instead of yielding.</summary>
    public bool Synchronous { get; init; }

    /// <summary>A value that makes the serializer fault (asynchronously).</summary>
    public string? FailOn { get; init; }

    /// <summary>
    /// Ungated values return a task that reports itself pending but finishes inline the moment it is awaited: the
    /// serializer suspends, yet the send completes before the producer's call returns (as a fast thread-pool thread may).
    /// </summary>
    public bool FinishesWhenAwaited { get; init; }

    /// <summary>Each serialization adds a <c>schema</c> header to the record (as a schema-registry serializer may).</summary>
    public bool StampHeader { get; init; }

    /// <summary>Gated serializations that started.</summary>
    public int GatedStarted => Volatile.Read(ref _started);

    /// <summary>Lets every gated serialization finish.</summary>
    public void Release() => _gate.TrySetResult();

    public ValueTask SerializeAsync(string data, IBufferWriter<byte> output, SerializationContext context, CancellationToken cancellationToken = default)
    {
        if (StampHeader)
        {
            context.Headers?.Add("schema", $"{context.Component}:{data}");
        }

        if (Gated.Contains(data))
        {
            return GatedAsync(data, output, cancellationToken);
        }

        if (FinishesWhenAwaited)
        {
            return new ValueTask(new FinishOnAwait(() => Encode(data, output)), 0);
        }

        if (Synchronous && data != FailOn)
        {
            Encoding.UTF8.GetBytes(data, output);
            return ValueTask.CompletedTask;
        }

        return YieldingAsync(data, output);
    }

    private async ValueTask GatedAsync(string data, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await _gate.Task.WaitAsync(cancellationToken);
        Encoding.UTF8.GetBytes(data, output);
    }

    private async ValueTask YieldingAsync(string data, IBufferWriter<byte> output)
    {
        await Task.Yield();
        Encode(data, output);
    }

    private void Encode(string data, IBufferWriter<byte> output)
    {
        if (data == FailOn)
        {
            throw new FormatException($"cannot encode '{data}'");
        }

        Encoding.UTF8.GetBytes(data, output);
    }

    /// <summary>Pending until a continuation is registered, which then runs <c>work</c> and the continuation inline.</summary>
    private sealed class FinishOnAwait(Action work) : IValueTaskSource
    {
        private Exception? _error;
        private bool _done;

        public ValueTaskSourceStatus GetStatus(short token) =>
            !_done ? ValueTaskSourceStatus.Pending : _error is null ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Faulted;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            try
            {
                work();
            }
            catch (FormatException ex)
            {
                _error = ex;
            }

            _done = true;
            continuation(state);
        }

        public void GetResult(short token)
        {
            if (_error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
            }
        }
    }
}
