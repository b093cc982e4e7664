using System.Buffers.Binary;

namespace Brook.Protocol.Records;

/// <summary>In-place writers: the producer's seal step and the broker's append-time rewrites.</summary>
public readonly partial struct RecordBatchHeader
{
    /// <summary>CRC-32C of the CRC-covered range [21, end) of a complete batch.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> batch) => Crc32C.Compute(batch[RecordBatchLayout.Attributes..]);

    /// <summary>Recomputes and stores the CRC of a complete batch (after changing CRC-covered bytes).</summary>
    public static void WriteCrc(Span<byte> batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchLayout.Crc..], ComputeCrc(batch));

    /// <summary>Broker append: stamps the first offset. Outside the CRC range, so no CRC recompute.</summary>
    public static void SetBaseOffset(Span<byte> batch, long baseOffset) =>
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchLayout.BaseOffset..], baseOffset);

    /// <summary>Broker append: stamps the leader epoch. Outside the CRC range, so no CRC recompute.</summary>
    public static void SetPartitionLeaderEpoch(Span<byte> batch, int partitionLeaderEpoch) =>
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.PartitionLeaderEpoch..], partitionLeaderEpoch);

    /// <summary>
    /// Broker append for topics with <c>message.timestamp.type=LogAppendTime</c>: sets attribute bit 3, writes
    /// <paramref name="logAppendTime"/> as maxTimestamp (baseTimestamp is left alone, as Kafka does) and recomputes the CRC.
    /// <paramref name="batch"/> must be exactly one complete batch.
    /// </summary>
    public static void SetLogAppendTime(Span<byte> batch, long logAppendTime)
    {
        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchLayout.Attributes..]);
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchLayout.Attributes..], (short)(attributes | RecordBatchLayout.TimestampTypeFlag));
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchLayout.MaxTimestamp..], logAppendTime);
        WriteCrc(batch);
    }

    /// <summary>
    /// Writes a whole header over <paramref name="batch"/> (which already holds the records from byte 61) and then the CRC.
    /// baseOffset 0, magic 2, batchLength from the span length.
    /// </summary>
    internal static void Write(
        Span<byte> batch,
        int partitionLeaderEpoch,
        short attributes,
        int lastOffsetDelta,
        long baseTimestamp,
        long maxTimestamp,
        long producerId,
        short producerEpoch,
        int baseSequence,
        int recordCount)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, 0);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.BatchLength..], batch.Length - LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.PartitionLeaderEpoch..], partitionLeaderEpoch);
        batch[RecordBatchLayout.Magic] = RecordBatchLayout.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchLayout.Attributes..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.LastOffsetDelta..], lastOffsetDelta);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchLayout.BaseTimestamp..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchLayout.MaxTimestamp..], maxTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchLayout.ProducerId..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchLayout.ProducerEpoch..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.BaseSequence..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchLayout.RecordCount..], recordCount);
        WriteCrc(batch);
    }
}
