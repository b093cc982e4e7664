using System.Buffers;
using Brook.Protocol.Records;

namespace Brook.Producer.Accumulator;

/// <summary>
/// The accumulator's spare batches (each with its <see cref="RecordBatchBuilder"/>, buffers returned): a batch comes
/// back after its last hold is released (<see cref="ProducerBatch.Release(int)"/>) and is cleared then, so a steady
/// create/complete cycle allocates no batch object. Bounded: beyond <c>capacity</c> spares, returned batches are left to
/// the GC. Its lock is taken under a partition deque's lock (rent) and takes nothing else.
/// </summary>
/// <param name="buffers">Where the builders rent their buffers (the accumulator's batch buffers).</param>
/// <param name="capacity">Spare batches kept at most.</param>
internal sealed class ProducerBatchPool(ArrayPool<byte> buffers, int capacity)
{
    private readonly Lock _lock = new();
    private readonly ProducerBatch?[] _spare = new ProducerBatch?[Math.Max(1, capacity)];
    private int _count;

    /// <summary>Spare batches held now (for tests).</summary>
    public int SpareCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Batches recycled so far (for tests).</summary>
    public long Recycled { get; private set; }

    /// <summary>A batch for <paramref name="topicPartition"/>: a recycled one when there is one, else a new one tied to this pool.</summary>
    public ProducerBatch Rent(TopicPartition topicPartition, int batchSizeLimit, int reservedBytes, long createdMs)
    {
        ProducerBatch? batch = null;
        lock (_lock)
        {
            if (_count > 0)
            {
                batch = _spare[--_count];
                _spare[_count] = null;
            }
        }

        if (batch is null)
        {
            batch = new ProducerBatch(topicPartition, new RecordBatchBuilder(batchSizeLimit, buffers), reservedBytes, createdMs);
            batch.AttachTo(this);
            return batch;
        }

        batch.Reuse(topicPartition, batchSizeLimit, reservedBytes, createdMs);
        return batch;
    }

    /// <summary>Takes back a batch nobody holds any more (called by its last release).</summary>
    public void Return(ProducerBatch batch)
    {
        batch.Builder.ReturnBuffers(); // normally done at deallocation already
        batch.Recycle();
        lock (_lock)
        {
            Recycled++;
            if (_count < _spare.Length)
            {
                _spare[_count++] = batch;
            }
        }
    }
}
