using System.Buffers.Binary;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Records;

namespace Brook.Cluster.Model;

/// <summary>
/// The stateless Produce checks of broker-semantics.md §1, split where the order puts the leader and ISR checks
/// (#8, #9) in between: <see cref="ValidateFraming"/> is #5–#6, <see cref="ValidateContents"/> is #10–#12 and #14.
/// Allocation-free.
/// </summary>
internal static class BatchValidator
{
    /// <summary>The zstd codec id (attribute bits 0-2).</summary>
    private const int ZstdCodec = 4;

    /// <summary>Offsets in the batch header (protocol.md §9).</summary>
    private const int MagicOffset = 16;

    private const int AttributesOffset = 21;

    /// <summary>
    /// #5 the records section must hold exactly one batch with magic 2 (INVALID_RECORD); #6 zstd needs Produce v7+
    /// (UNSUPPORTED_COMPRESSION_TYPE). A declared size below the 61-byte header is CORRUPT_MESSAGE.
    /// </summary>
    public static ErrorCode ValidateFraming(ReadOnlySpan<byte> records, short produceVersion)
    {
        // Kafka's batch iterator yields no batch for fewer than 12 bytes or a batch longer than what is left.
        if (records.Length < 12)
        {
            return ErrorCode.InvalidRecord;
        }

        var declared = (long)BinaryPrimitives.ReadInt32BigEndian(records[8..]) + 12;
        if (declared < RecordBatchHeader.Size)
        {
            return ErrorCode.CorruptMessage;
        }

        if (declared > records.Length)
        {
            return ErrorCode.InvalidRecord;
        }

        if (declared < records.Length)
        {
            // A second complete batch after the first: more than one batch. A shorter tail is not a batch at all.
            var rest = records[(int)declared..];
            return rest.Length >= 12 && (long)BinaryPrimitives.ReadInt32BigEndian(rest[8..]) + 12 <= rest.Length
                ? ErrorCode.InvalidRecord
                : ErrorCode.CorruptMessage;
        }

        if (records[MagicOffset] != 2)
        {
            return ErrorCode.InvalidRecord;
        }

        var codec = BinaryPrimitives.ReadInt16BigEndian(records[AttributesOffset..]) & 0x7;
        return codec == ZstdCodec && produceVersion < 7 ? ErrorCode.UnsupportedCompressionType : ErrorCode.None;
    }

    /// <summary>
    /// #10 size over max.message.bytes (MESSAGE_TOO_LARGE); #11 CRC-32C mismatch or codec id above 4
    /// (CORRUPT_MESSAGE); #12 no records, lastOffsetDelta ≠ count − 1, a control batch from a client, or a producer
    /// id without a base sequence (INVALID_RECORD); #14 transactional without producer id
    /// (INVALID_PRODUCER_ID_MAPPING). Call only after <see cref="ValidateFraming"/> passed.
    /// </summary>
    public static ErrorCode ValidateContents(ReadOnlySpan<byte> batch, in RecordBatchHeader facts, int maxMessageBytes)
    {
        if (batch.Length > maxMessageBytes)
        {
            return ErrorCode.MessageTooLarge;
        }

        if ((int)facts.Compression > ZstdCodec || RecordBatchHeader.ComputeCrc(batch) != facts.Crc)
        {
            return ErrorCode.CorruptMessage;
        }

        if (facts.RecordCount <= 0
            || facts.LastOffsetDelta != facts.RecordCount - 1
            || facts.IsControl
            || (facts.ProducerId >= 0 && facts.BaseSequence < 0))
        {
            return ErrorCode.InvalidRecord;
        }

        if (facts.IsTransactional && facts.ProducerId < 0)
        {
            return ErrorCode.InvalidProducerIdMapping;
        }

        return RecordsAreReadable(batch) ? ErrorCode.None : ErrorCode.CorruptMessage;
    }

    /// <summary>
    /// #11 for the records themselves: decompresses (bounded, pooled) and walks every record's framing and offset
    /// delta, as Kafka's LogValidator does. Deviation: a bad offset delta is CORRUPT_MESSAGE here, INVALID_RECORD in Kafka.
    /// </summary>
    private static bool RecordsAreReadable(ReadOnlySpan<byte> batch)
    {
        try
        {
            using var reader = RecordBatchReader.Open(batch, RecordBatchReader.DefaultMaxUncompressedSize, RecordBatchReadOptions.SkipCrc);
            reader.ValidateRecords();
            return true;
        }
        catch (ProtocolException)
        {
            return false;
        }
    }
}
