using System.Buffers;
using System.Collections.Concurrent;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metrics;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Accumulator;

/// <summary>
/// Collects records into per-partition batches bounded by the <see cref="BufferPool"/> (producer-algorithms.md §3-§4,
/// §6, §14; Java <c>RecordAccumulator</c>). Application threads append; the one sender thread runs
/// <see cref="Ready"/>, <see cref="Drain"/>, <see cref="ExpiredBatches"/> and <see cref="Reenqueue(ProducerBatch, long)"/>, and calls
/// <see cref="Deallocate"/> when a batch completes. Pure logic: time comes in as <c>nowMs</c> or from the injected clock.
/// </summary>
internal sealed partial class RecordAccumulator
{
    private readonly ConcurrentDictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly Lock _topicAddLock = new();
    private TopicState[] _topicList = [];
    private readonly HashSet<ProducerBatch> _incomplete = [];
    private readonly Lock _incompleteLock = new();
    private readonly BufferPool _pool;
    private readonly TimeProvider _time;
    private readonly RandomSource _random;
    private readonly ExponentialBackoff _retryBackoff;
    private readonly ProducerMetrics? _metrics;
    private readonly int _batchSize;
    private readonly int _lingerMs;
    private readonly int _deliveryTimeoutMs;
    private readonly int _maxRequestSize;
    private readonly long _bufferMemory;
    private readonly bool _adaptivePartitioning;
    private readonly long _availabilityTimeoutMs;
    private readonly CompressionType _compression;
    private readonly int _compressionLevel;
    private readonly CompressionRatioEstimator _ratios = new();
    private readonly CompletionChunkPool _completionChunks = new();
    private readonly ArrayPool<byte> _batchBuffers;
    private readonly ProducerBatchPool _batchPool;
    private readonly bool _holdNewBatchesForCaller;
    private int _flushesInProgress;
    private volatile bool _closed;

    /// <summary>Creates the accumulator from validated options.</summary>
    public RecordAccumulator(ProducerOptions options, BufferPool pool, RandomSource random, ProducerMetrics? metrics = null, IDrainSequencer? sequencer = null)
    {
        _pool = pool;
        _time = options.TimeProvider;
        _random = random;
        _retryBackoff = ExponentialBackoff.ForRetries(options, random);
        _metrics = metrics;
        Sequencer = sequencer;
        _batchSize = Math.Max(1, options.BatchSize);
        _lingerMs = options.LingerMs;
        _deliveryTimeoutMs = options.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs;
        _maxRequestSize = options.MaxRequestSize;
        _bufferMemory = options.BufferMemory;
        _adaptivePartitioning = options.PartitionerAdaptivePartitioningEnable;
        _availabilityTimeoutMs = options.PartitionerAvailabilityTimeoutMs;
        _compression = options.CompressionType;

        // The producer's own pool for batch buffers (Java's BufferPool keeps batch.size buffers too): the shared pool
        // trims large arrays on gen-2 GCs, which made 1 MiB batch buffers a steady-state allocation. It holds as many
        // buffers as buffer.memory allows batches (a full accumulator reuses them all; with 32 per bucket an unpaced
        // run allocated a new buffer per batch). A new batch rents min(batch.size, 64 KiB) + header (RecordBatchBuilder's
        // first rent), pooled at exactly that size (BatchBufferPool); other sizes use a power-of-two pool.
        var maxBuffer = (int)Math.Clamp(_batchSize * 8L, 1024 * 1024, 64 * 1024 * 1024);
        var perBucket = (int)Math.Clamp((options.BufferMemory / Math.Max(1, _batchSize)) + 1, 16, 16 * 1024);

        // Only when batch.size is at most 64 KiB: a larger batch outgrows its first buffer anyway.
        var powerOfTwo = ArrayPool<byte>.Create(maxBuffer, perBucket);
        _batchBuffers = _batchSize <= 64 * 1024
            ? new BatchBufferPool(_batchSize + 61, perBucket, powerOfTwo) // 61 = record batch v2 header
            : powerOfTwo;

        // Batches are recycled once nobody holds them (ProducerBatch.Pooling.cs); as many spares as buffer.memory allows
        // batches (~400 B each). A transactional producer's TransactionManager keeps the transaction's batches until it
        // ends, and learns of a new batch only after the append released the deque lock, when the batch may already
        // be done: such a batch comes with a hold for the caller, which hands it over (docs/design/producer.md).
        _batchPool = new ProducerBatchPool(_batchBuffers, perBucket);
        _holdNewBatchesForCaller = options.TransactionalId is not null;
        _compressionLevel = options.CompressionType switch
        {
            CompressionType.Gzip => options.CompressionGzipLevel,
            CompressionType.Lz4 => options.CompressionLz4Level,
            CompressionType.Zstd => options.CompressionZstdLevel,
            _ => Brook.Protocol.Compression.RecordCompression.DefaultLevel,
        };
    }

    /// <summary>The idempotence hook used at drain; null for a non-idempotent producer.</summary>
    public IDrainSequencer? Sequencer { get; set; }

    /// <summary>Receives completed batches so records complete off the sender loop; null completes them inline.</summary>
    public IBatchCompletionSink? CompletionSink { get; set; }

    /// <summary>Reports whether a transaction is committing or aborting (all batches sendable); null for none.</summary>
    public Func<bool>? IsTransactionCompleting { get; set; }

    /// <summary>True while at least one flush waits.</summary>
    public bool FlushInProgress => Volatile.Read(ref _flushesInProgress) > 0;

    /// <summary>True once <see cref="Close"/> was called: everything queued is sendable at once.</summary>
    public bool IsClosed => _closed;

    /// <summary>True while callers wait for buffer.memory: batches are then sendable at once (memory pressure).</summary>
    public bool HasMemoryWaiters => _pool.QueuedCount > 0;

    /// <summary>Batches created and not yet completed (queued or in flight).</summary>
    public int IncompleteCount
    {
        get
        {
            lock (_incompleteLock)
            {
                return _incomplete.Count;
            }
        }
    }

    /// <summary>True when any partition has queued (undrained) batches.</summary>
    public bool HasUndrained()
    {
        foreach (var topic in TopicList)
        {
            foreach (var deque in topic.DequeList)
            {
                lock (deque.Lock)
                {
                    if (deque.Batches.Count > 0)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Stops appends; queued batches become sendable without waiting for linger.</summary>
    public void Close() => _closed = true;

    /// <summary>The spare batches; for tests.</summary>
    internal ProducerBatchPool BatchPool => _batchPool;

    /// <summary>
    /// Returns a completed batch's memory to the pool, its buffers to theirs, and forgets it: the accumulator's hold
    /// ends (a pooled batch is recycled once the sender and the sequencer let go too). Call once per completed batch.
    /// </summary>
    public void Deallocate(ProducerBatch batch)
    {
        // A split batch keeps its memory until every piece completed (it is then released with the last piece).
        if (batch.IsSplit && !batch.IsDone)
        {
            return;
        }

        if (batch.TryDeferDeallocation(this))
        {
            // Its callbacks are still queued on the completion dispatcher: keep the batch in the incomplete set (so a
            // flush checkpoint waits for them) and its memory reserved until they ran, as Java runs callbacks before
            // deallocating. The dispatch calls Deallocate again.
            return;
        }

        bool removed;
        lock (_incompleteLock)
        {
            removed = _incomplete.Remove(batch);
        }

        // Read before the release: a recycled batch has no parent (splits are not pooled, but keep the order safe).
        var parent = batch.Parent;
        if (removed)
        {
            _pool.Release(batch.ReservedBytes);
            batch.Builder.ReturnBuffers();
            batch.Release(batch.Generation); // the accumulator's own hold, taken at creation
        }

        // The last piece of a split batch releases the original (which holds the reserved memory).
        if (parent is { IsDone: true })
        {
            Deallocate(parent);
        }
    }

    /// <summary>The queued batches of a partition (for tests and diagnostics).</summary>
    internal int QueuedBatchCount(TopicPartition topicPartition)
    {
        if (!_topics.TryGetValue(topicPartition.Topic, out var topic) || !topic.Deques.TryGetValue(topicPartition.Partition, out var deque))
        {
            return 0;
        }

        lock (deque.Lock)
        {
            return deque.Batches.Count;
        }
    }

    /// <summary>The adaptive load statistics last published for a topic (for tests and diagnostics).</summary>
    internal PartitionLoadStats? LoadStatsFor(string topic) => _topics.TryGetValue(topic, out var state) ? state.Partitioner.LoadStats : null;

    // The topics as an array, replaced when one is added, so the sender's passes iterate without allocating.
    private TopicState[] TopicList => Volatile.Read(ref _topicList);

    private TopicState GetTopic(string topic) =>
        _topics.TryGetValue(topic, out var state) ? state : AddTopic(topic);

    private TopicState AddTopic(string topic)
    {
        lock (_topicAddLock)
        {
            if (!_topics.TryGetValue(topic, out var state))
            {
                state = new TopicState(topic, new BuiltInPartitioner(topic, _batchSize, _random));
                Volatile.Write(ref _topicList, [.. _topicList, state]);
                _topics[topic] = state;
            }

            return state;
        }
    }

    private void Register(ProducerBatch batch)
    {
        lock (_incompleteLock)
        {
            _incomplete.Add(batch);
        }
    }
}
