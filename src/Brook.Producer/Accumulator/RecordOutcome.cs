namespace Brook.Producer.Accumulator;

/// <summary>One record's delivery outcome, read from its batch after <see cref="ProducerBatch.Completion"/>.</summary>
/// <param name="Offset">The record's offset, or -1 when unknown (failure, acks=0, duplicate).</param>
/// <param name="LogAppendTimeMs">Broker append time for LogAppendTime topics, else -1.</param>
/// <param name="Error">The failure, or null.</param>
/// <param name="Status">Whether the record reached the log.</param>
internal readonly record struct RecordOutcome(long Offset, long LogAppendTimeMs, KafkaException? Error, PersistenceStatus Status);
