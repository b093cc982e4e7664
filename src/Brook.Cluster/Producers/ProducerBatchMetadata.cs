namespace Brook.Cluster.Producers;

/// <summary>One retained batch of a producer on a partition (Kafka's BatchMetadata).</summary>
/// <param name="FirstSequence">Sequence of the first record.</param>
/// <param name="LastSequence">Sequence of the last record (wrapping).</param>
/// <param name="FirstOffset">Offset the batch was stored at.</param>
/// <param name="LastOffset">Offset of its last record.</param>
/// <param name="LogAppendTimeMs">LogAppendTime answered for it: the append time under LogAppendTime, else -1.</param>
public readonly record struct ProducerBatchMetadata(int FirstSequence, int LastSequence, long FirstOffset, long LastOffset, long LogAppendTimeMs);
