using System.Threading.Tasks.Sources;

namespace Brook.Producer.Memory;

internal sealed partial class BufferPool
{
    /// <summary>
    /// One caller waiting for memory: the value-task source it awaits (byte[] for AllocateAsync, non-generic for
    /// ReserveAsync) and its place in the FIFO queue. Pooled by the <see cref="BufferPool"/>: returned after the awaiter
    /// took the result, so a wait allocates nothing once warm. Exactly one of Pump, Close or Abandon marks it
    /// <see cref="Done"/> (under the pool lock) and that one completes it.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<byte[]>, IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<byte[]> _core;

        public Waiter(BufferPool pool)
        {
            Pool = pool;
            Node = new LinkedListNode<Waiter>(this);

            // The awaiting append continues on the thread pool, never inside Deallocate (the sender or dispatcher).
            _core.RunContinuationsAsynchronously = true;
        }

        public BufferPool Pool { get; }

        /// <summary>The waiter's own queue node, reused for every wait.</summary>
        public LinkedListNode<Waiter> Node { get; }

        public short Version => _core.Version;

        public bool Materialize { get; private set; }

        public int Size { get; private set; }

        public long MaxBlockMs { get; private set; }

        public long StartTimestamp { get; private set; }

        /// <summary>The <see cref="TimeProvider.GetTimestamp"/> value at which max.block.ms runs out.</summary>
        public long Deadline { get; private set; }

        public long Accumulated { get; set; }

        public bool Done { get; set; }

        public byte[]? Buffer { get; set; }

        /// <summary>Intrusive link of the ready and expired lists (filled under the lock, completed outside it).</summary>
        public Waiter? NextReady { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Arm(int size, long maxBlockMs, bool materialize, long startTimestamp, long deadline)
        {
            Size = size;
            MaxBlockMs = maxBlockMs;
            Materialize = materialize;
            StartTimestamp = startTimestamp;
            Deadline = deadline;
            Accumulated = 0;
            Done = false;
            Buffer = null;
            NextReady = null;
        }

        public void Succeed(byte[] buffer)
        {
            DropRegistration();
            _core.SetResult(buffer);
        }

        public void Fail(Exception error)
        {
            DropRegistration();
            _core.SetException(error);
        }

        public byte[] GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                Pool.ReturnWaiter(this);
            }
        }

        void IValueTaskSource.GetResult(short token) => GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        /// <summary>Prepares for reuse; the caller has consumed the result.</summary>
        public void Reset()
        {
            // Waits for a cancellation callback that is running right now, so it cannot touch the next use.
            DropRegistration();
            Buffer = null;
            NextReady = null;
            _core.Reset();
        }

        private void DropRegistration()
        {
            var registration = Registration;
            Registration = default;
            registration.Dispose();
        }
    }
}
