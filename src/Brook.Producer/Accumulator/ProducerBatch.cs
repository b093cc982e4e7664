using Brook.Protocol.Records;
using ProtocolCompression = Brook.Protocol.Compression.CompressionType;

namespace Brook.Producer.Accumulator;

/// <summary>
/// One partition's batch in the accumulator (Java <c>ProducerBatch</c>): records in a <see cref="RecordBatchBuilder"/>,
/// the buffer.memory it reserved, its timing (creation, attempts, backoff) and, once drained, its producer state and
/// sealed bytes. Completed exactly once; a late response for a completed (expired) batch is ignored. Pooled by the
/// accumulator (<see cref="ProducerBatchPool"/>): reused only after every holder released it (ProducerBatch.Pooling.cs).
/// </summary>
internal sealed partial class ProducerBatch
{
    private int _done;
    private PersistenceStatus _attemptStatus;
    private int _attemptsWhenLeaderLastChanged;

    /// <summary>Creates a batch.</summary>
    public ProducerBatch(TopicPartition topicPartition, RecordBatchBuilder builder, int reservedBytes, long createdMs)
    {
        TopicPartition = topicPartition;
        Builder = builder;
        ReservedBytes = reservedBytes;
        CreatedMs = createdMs;
        LastAttemptMs = createdMs;
    }

    /// <summary>Where the batch goes.</summary>
    public TopicPartition TopicPartition { get; private set; }

    /// <summary>The records.</summary>
    public RecordBatchBuilder Builder { get; }

    /// <summary>buffer.memory bytes reserved for this batch, released when it completes.</summary>
    public int ReservedBytes { get; private set; }

    /// <summary>When the batch was created (delivery.timeout.ms starts here).</summary>
    public long CreatedMs { get; private set; }

    /// <summary>Creation time, or the time of the last failed attempt (backoff starts here).</summary>
    public long LastAttemptMs { get; private set; }

    /// <summary>When the batch was last drained.</summary>
    public long DrainedMs { get; private set; }

    /// <summary>Failed attempts so far (0 until the first retry).</summary>
    public int Attempts { get; private set; }

    /// <summary>Backoff before the next attempt, drawn once per retry.</summary>
    public long RetryBackoffMs { get; private set; }

    /// <summary>True once no more records may be appended (a record did not fit, or the batch was drained).</summary>
    public bool IsClosedForAppends { get; private set; }

    /// <summary>Records in the batch.</summary>
    public int RecordCount => Builder.RecordCount;

    /// <summary>Uncompressed size estimate, header included.</summary>
    public int EstimatedSizeInBytes => Builder.EstimatedSize;

    /// <summary>True when a new record cannot (or should not) go into this batch.</summary>
    public bool IsFull => IsClosedForAppends || Builder.EstimatedSize >= Builder.BatchSizeLimit;

    /// <summary>Producer id stamped at drain (-1 when not idempotent).</summary>
    public long ProducerId { get; private set; } = -1;

    /// <summary>Producer epoch stamped at drain (-1 when not idempotent).</summary>
    public short ProducerEpoch { get; private set; } = -1;

    /// <summary>Base sequence stamped at drain (-1 when none).</summary>
    public int BaseSequence { get; private set; } = -1;

    /// <summary>True once a sequence was assigned; a plain retry keeps it.</summary>
    public bool HasSequence => BaseSequence >= 0;

    /// <summary>True when sent inside a transaction.</summary>
    public bool IsTransactional { get; private set; }

    /// <summary>The sealed batch bytes (valid from drain until completion).</summary>
    public ReadOnlyMemory<byte> Sealed { get; private set; }

    /// <summary>True once completed (success, failure or expiry).</summary>
    public bool IsDone => Volatile.Read(ref _done) != 0;

    /// <summary>The assigned base offset on success (-1 when unknown: acks=0, duplicate, failure).</summary>
    public long BaseOffset { get; private set; } = -1;

    /// <summary>LogAppendTime from the broker, or -1 for CreateTime topics.</summary>
    public long LogAppendTimeMs { get; private set; } = -1;

    /// <summary>The failure, or null on success.</summary>
    public KafkaException? Error { get; private set; }

    /// <summary>Whether the records reached the log.</summary>
    public PersistenceStatus Status { get; private set; }

    /// <summary>Appends a record; on false the batch is closed for appends and a new batch must be created.</summary>
    public bool TryAppend(in RecordPayload record)
    {
        if (IsClosedForAppends)
        {
            return false;
        }

        if (Builder.TryAppend(record.Timestamp, record.Key.Span, record.KeyIsNull, record.Value.Span, record.ValueIsNull, record.Headers.Span))
        {
            return true;
        }

        IsClosedForAppends = true;
        return false;
    }

    /// <summary>Stops appends (drain, expiry, abort).</summary>
    public void CloseForAppends() => IsClosedForAppends = true;

    /// <summary>Stamps idempotent producer state; called at drain under the partition lock.</summary>
    public void SetProducerState(long producerId, short producerEpoch, int baseSequence, bool isTransactional)
    {
        ProducerId = producerId;
        ProducerEpoch = producerEpoch;
        BaseSequence = baseSequence;
        IsTransactional = isTransactional;
        Sealed = default;
    }

    /// <summary>True once a KIP-360 epoch bump renumbered this batch (§9): an OUT_OF_ORDER answer to it is just retried.</summary>
    public bool IsSequenceReset { get; private set; }

    /// <summary>Renumbers an in-flight batch under a bumped epoch or a new producer id (§9); the next send re-seals it.</summary>
    public void ResetProducerState(long producerId, short producerEpoch, int baseSequence)
    {
        SetProducerState(producerId, producerEpoch, baseSequence, IsTransactional);
        IsSequenceReset = true;
    }

    /// <summary>Finishes the batch bytes (compression, header, CRC) unless already sealed with the current state.</summary>
    public ReadOnlyMemory<byte> Seal(CompressionType compression, int compressionLevel)
    {
        if (Sealed.IsEmpty)
        {
            Sealed = Builder.Seal(ProducerId, ProducerEpoch, BaseSequence, IsTransactional, (ProtocolCompression)(byte)compression, compressionLevel);
        }

        return Sealed;
    }

    /// <summary>Marks the batch as drained now.</summary>
    public void MarkDrained(long nowMs)
    {
        IsClosedForAppends = true;
        DrainedMs = nowMs;
    }

    /// <summary>The best status any attempt so far reached (only moves upward, §13).</summary>
    public PersistenceStatus AttemptStatus => _attemptStatus;

    /// <summary>Folds one attempt's outcome into <see cref="AttemptStatus"/>.</summary>
    public void RecordAttemptStatus(PersistenceStatus status) => _attemptStatus = Internals.PersistenceRules.Combine(_attemptStatus, status);

    /// <summary>Records a failed attempt and the backoff before the next one.</summary>
    public void MarkRetry(long nowMs, long backoffMs)
    {
        Attempts++;
        LastAttemptMs = nowMs;
        RetryBackoffMs = backoffMs;
    }

    /// <summary>The partition leader epoch this batch last saw (-1 unknown).</summary>
    public int LeaderEpoch { get; private set; } = -1;

    /// <summary>
    /// KIP-951: records a newer leader epoch for the partition; if it changed during the current retry, that retry
    /// skips its backoff (it goes to a new leader).
    /// </summary>
    public void MaybeUpdateLeaderEpoch(int leaderEpoch)
    {
        if (leaderEpoch >= 0 && leaderEpoch > LeaderEpoch)
        {
            LeaderEpoch = leaderEpoch;
            _attemptsWhenLeaderLastChanged = Attempts;
        }
    }

    /// <summary>True when the leader changed since this retry's attempt failed.</summary>
    public bool HasLeaderChangedForOngoingRetry => Attempts > 0 && Attempts == _attemptsWhenLeaderLastChanged;

    /// <summary>True while the batch must wait out its retry backoff (not when its retry goes to a new leader).</summary>
    public bool IsBackingOff(long nowMs) => Attempts > 0 && !HasLeaderChangedForOngoingRetry && nowMs - LastAttemptMs < RetryBackoffMs;

    /// <summary>True once delivery.timeout.ms has passed since creation.</summary>
    public bool HasReachedDeliveryTimeout(long deliveryTimeoutMs, long nowMs) => nowMs - CreatedMs >= deliveryTimeoutMs;

    /// <summary>Completes successfully; false if the batch was already done (e.g. expired).</summary>
    public bool Succeed(long baseOffset, long logAppendTimeMs, PersistenceStatus status)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        BaseOffset = baseOffset;
        LogAppendTimeMs = logAppendTimeMs;
        Status = status;
        OnCompleted();
        Parent?.OnChildCompleted(this);
        return true;
    }

    /// <summary>Completes with a failure; false if the batch was already done.</summary>
    public bool Fail(KafkaException error, PersistenceStatus status)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        Error = error;
        Status = status;
        OnCompleted();
        Parent?.OnChildCompleted(this);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"ProducerBatch({TopicPartition}, records={RecordCount}, attempts={Attempts}, created={CreatedMs})";
}
