using System.Buffers.Binary;
using Brook.Protocol.Compression;

namespace Brook.Protocol.Records;

/// <summary>
/// The 61-byte header of a record batch v2 (layout in <see cref="RecordBatchLayout"/>, protocol.md §9).
/// Parsing copies a few integers and allocates nothing.
/// </summary>
public readonly partial struct RecordBatchHeader
{
    /// <summary>Size of the fixed header (Kafka's <c>RECORD_BATCH_OVERHEAD</c>).</summary>
    public const int Size = RecordBatchLayout.HeaderSize;

    /// <summary>Bytes before the batchLength count starts (baseOffset + batchLength): total size = BatchLength + 12.</summary>
    public const int LogOverhead = RecordBatchLayout.LogOverhead;

    /// <summary>producerId / producerEpoch / baseSequence value meaning "none".</summary>
    public const int None = -1;

    private RecordBatchHeader(ReadOnlySpan<byte> header)
    {
        BaseOffset = BinaryPrimitives.ReadInt64BigEndian(header);
        BatchLength = BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchLayout.BatchLength..]);
        PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchLayout.PartitionLeaderEpoch..]);
        Magic = (sbyte)header[RecordBatchLayout.Magic];
        Crc = BinaryPrimitives.ReadUInt32BigEndian(header[RecordBatchLayout.Crc..]);
        Attributes = BinaryPrimitives.ReadInt16BigEndian(header[RecordBatchLayout.Attributes..]);
        LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchLayout.LastOffsetDelta..]);
        BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(header[RecordBatchLayout.BaseTimestamp..]);
        MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(header[RecordBatchLayout.MaxTimestamp..]);
        ProducerId = BinaryPrimitives.ReadInt64BigEndian(header[RecordBatchLayout.ProducerId..]);
        ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(header[RecordBatchLayout.ProducerEpoch..]);
        BaseSequence = BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchLayout.BaseSequence..]);
        RecordCount = BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchLayout.RecordCount..]);
    }

    /// <summary>Offset of the first record (0 from producers; assigned by the broker).</summary>
    public long BaseOffset { get; }

    /// <summary>Bytes after the batchLength field (total − 12).</summary>
    public int BatchLength { get; }

    /// <summary>Leader epoch stamped by the broker (-1 from producers). Not covered by the CRC.</summary>
    public int PartitionLeaderEpoch { get; }

    /// <summary>Message format version; 2 for record batches.</summary>
    public sbyte Magic { get; }

    /// <summary>CRC-32C of bytes [21, end) as stored in the batch.</summary>
    public uint Crc { get; }

    /// <summary>Raw attributes (codec, timestamp type, transactional, control, delete horizon).</summary>
    public short Attributes { get; }

    /// <summary>Offset delta of the last record (RecordCount − 1 in producer batches).</summary>
    public int LastOffsetDelta { get; }

    /// <summary>Timestamp the record deltas are relative to (the first record's in Java producers).</summary>
    public long BaseTimestamp { get; }

    /// <summary>Largest record timestamp, or the append time for <see cref="TimestampType.LogAppendTime"/>.</summary>
    public long MaxTimestamp { get; }

    /// <summary>Idempotent/transactional producer id, or -1.</summary>
    public long ProducerId { get; }

    /// <summary>Producer epoch, or -1.</summary>
    public short ProducerEpoch { get; }

    /// <summary>Sequence of the first record, or -1.</summary>
    public int BaseSequence { get; }

    /// <summary>Number of records as declared by the header (never compressed).</summary>
    public int RecordCount { get; }

    /// <summary>The codec (attribute bits 0-2); values above 4 are invalid and rejected by the reader.</summary>
    public CompressionType Compression => (CompressionType)(Attributes & RecordBatchLayout.CompressionMask);

    /// <summary>Attribute bit 3.</summary>
    public TimestampType TimestampType =>
        (Attributes & RecordBatchLayout.TimestampTypeFlag) != 0 ? TimestampType.LogAppendTime : TimestampType.CreateTime;

    /// <summary>Attribute bit 4: the batch belongs to a transaction.</summary>
    public bool IsTransactional => (Attributes & RecordBatchLayout.TransactionalFlag) != 0;

    /// <summary>Attribute bit 5: the batch holds a control record (transaction marker).</summary>
    public bool IsControl => (Attributes & RecordBatchLayout.ControlFlag) != 0;

    /// <summary>Attribute bit 6: baseTimestamp is a compaction delete horizon (never set by clients).</summary>
    public bool HasDeleteHorizon => (Attributes & RecordBatchLayout.DeleteHorizonFlag) != 0;

    /// <summary>Total size of the batch on the wire: <see cref="BatchLength"/> + 12.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    /// <summary>Offset of the last record: <see cref="BaseOffset"/> + <see cref="LastOffsetDelta"/>.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>Sequence of the last record (wrapping from int.MaxValue to 0), or -1 when the batch has no sequence.</summary>
    public int LastSequence => BaseSequence == None ? None : AddSequence(BaseSequence, LastOffsetDelta);

    /// <summary>
    /// Kafka's sequence arithmetic: <paramref name="sequence"/> + <paramref name="increment"/>, wrapping from
    /// 2147483647 to 0 (sequences are never negative).
    /// </summary>
    public static int AddSequence(int sequence, int increment) => (int)(((long)sequence + increment) & int.MaxValue);

    /// <summary>
    /// Parses the header at the start of <paramref name="batch"/>. Checks only that 61 bytes are present, the magic is 2
    /// and batchLength is at least 49; use <see cref="ReadAndValidate"/> to also check the length against the input and the CRC.
    /// </summary>
    /// <exception cref="ProtocolException">The header is short, not magic 2, or has an impossible length.</exception>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < Size)
        {
            throw new ProtocolException($"A record batch needs at least {Size} header bytes but only {batch.Length} are present.");
        }

        if (batch[RecordBatchLayout.Magic] != RecordBatchLayout.CurrentMagic)
        {
            throw new ProtocolException(
                $"Record batch magic is {(sbyte)batch[RecordBatchLayout.Magic]}; only magic 2 (record batch v2) is supported.");
        }

        var header = new RecordBatchHeader(batch);
        if (header.BatchLength < RecordBatchLayout.MinBatchLength)
        {
            throw new ProtocolException($"Record batch length {header.BatchLength} is below the minimum of {RecordBatchLayout.MinBatchLength}.");
        }

        return header;
    }

    /// <summary>
    /// Parses and validates a complete batch: header, batchLength within the input, magic 2, CRC-32C, a known codec and
    /// a non-negative record count. Bytes after the batch are ignored. Allocates nothing.
    /// </summary>
    /// <exception cref="ProtocolException">Any of those checks fails; the message names which.</exception>
    public static RecordBatchHeader ReadAndValidate(ReadOnlySpan<byte> batch) => Validate(batch, verifyCrc: true);

    /// <summary>As <see cref="ReadAndValidate"/> without the CRC check.</summary>
    internal static RecordBatchHeader ReadWithoutCrc(ReadOnlySpan<byte> batch) => Validate(batch, verifyCrc: false);

    private static RecordBatchHeader Validate(ReadOnlySpan<byte> batch, bool verifyCrc)
    {
        var header = Read(batch);
        if ((long)header.BatchLength + LogOverhead > batch.Length)
        {
            throw new ProtocolException(
                $"Record batch declares {header.BatchLength + (long)LogOverhead} bytes but only {batch.Length} are present (truncated batch).");
        }

        if (verifyCrc)
        {
            var actual = ComputeCrc(batch[..header.TotalSize]);
            if (actual != header.Crc)
            {
                throw new ProtocolException($"Record batch CRC-32C mismatch: stored 0x{header.Crc:X8}, computed 0x{actual:X8} (corrupt batch).");
            }
        }

        if ((int)header.Compression > (int)CompressionType.Zstd)
        {
            throw new ProtocolException($"Unknown compression codec id {(int)header.Compression} in batch attributes (valid: 0-4).");
        }

        if (header.RecordCount < 0)
        {
            throw new ProtocolException($"Record batch declares a negative record count ({header.RecordCount}).");
        }

        return header;
    }
}
