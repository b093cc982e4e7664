using System.Buffers.Binary;

namespace Brook.Cluster.Storage;

/// <summary>
/// The record batch v2 header fields the cluster core needs (protocol.md §9), read from the fixed 61-byte header.
/// </summary>
internal readonly struct BatchFacts
{
    /// <summary>Size of the fixed batch header (RECORD_BATCH_OVERHEAD).</summary>
    public const int HeaderSize = 61;

    /// <summary>Offset of the partitionLeaderEpoch field.</summary>
    public const int LeaderEpochOffset = 12;

    /// <summary>Offset of the magic byte.</summary>
    public const int MagicOffset = 16;

    /// <summary>Offset of the CRC field; the CRC covers [21, end).</summary>
    public const int CrcOffset = 17;

    /// <summary>Offset of the attributes field, where the CRC range starts.</summary>
    public const int AttributesOffset = 21;

    /// <summary>Offset of maxTimestamp.</summary>
    public const int MaxTimestampOffset = 35;

    public long BaseOffset { get; init; }

    public int BatchLength { get; init; }

    public int PartitionLeaderEpoch { get; init; }

    public sbyte Magic { get; init; }

    public uint Crc { get; init; }

    public short Attributes { get; init; }

    public int LastOffsetDelta { get; init; }

    public long BaseTimestamp { get; init; }

    public long MaxTimestamp { get; init; }

    public long ProducerId { get; init; }

    public short ProducerEpoch { get; init; }

    public int BaseSequence { get; init; }

    public int RecordCount { get; init; }

    /// <summary>Codec id, attribute bits 0-2.</summary>
    public int CompressionCodec => Attributes & 0x7;

    /// <summary>Attribute bit 3.</summary>
    public bool IsLogAppendTime => (Attributes & 0x8) != 0;

    /// <summary>Attribute bit 4.</summary>
    public bool IsTransactional => (Attributes & 0x10) != 0;

    /// <summary>Attribute bit 5.</summary>
    public bool IsControl => (Attributes & 0x20) != 0;

    /// <summary>Reads the header of the batch at the start of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 61 bytes.</exception>
    public static BatchFacts Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < HeaderSize)
        {
            throw new ArgumentException($"A record batch v2 header needs {HeaderSize} bytes, got {batch.Length}.", nameof(batch));
        }

        return new BatchFacts
        {
            BaseOffset = BinaryPrimitives.ReadInt64BigEndian(batch),
            BatchLength = BinaryPrimitives.ReadInt32BigEndian(batch[8..]),
            PartitionLeaderEpoch = BinaryPrimitives.ReadInt32BigEndian(batch[12..]),
            Magic = (sbyte)batch[16],
            Crc = BinaryPrimitives.ReadUInt32BigEndian(batch[17..]),
            Attributes = BinaryPrimitives.ReadInt16BigEndian(batch[21..]),
            LastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(batch[23..]),
            BaseTimestamp = BinaryPrimitives.ReadInt64BigEndian(batch[27..]),
            MaxTimestamp = BinaryPrimitives.ReadInt64BigEndian(batch[35..]),
            ProducerId = BinaryPrimitives.ReadInt64BigEndian(batch[43..]),
            ProducerEpoch = BinaryPrimitives.ReadInt16BigEndian(batch[51..]),
            BaseSequence = BinaryPrimitives.ReadInt32BigEndian(batch[53..]),
            RecordCount = BinaryPrimitives.ReadInt32BigEndian(batch[57..]),
        };
    }
}
