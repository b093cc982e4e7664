namespace Brook.Protocol.Records;

/// <summary>
/// Offsets of record batch v2 (magic 2) header fields (protocol.md §9; protocol guide "Record Batch"):
/// <code>
///  0 baseOffset int64 | 8 batchLength int32 | 12 partitionLeaderEpoch int32 | 16 magic int8 | 17 crc uint32
/// 21 attributes int16 | 23 lastOffsetDelta int32 | 27 baseTimestamp int64 | 35 maxTimestamp int64
/// 43 producerId int64 | 51 producerEpoch int16 | 53 baseSequence int32 | 57 recordsCount int32 | 61 records
/// </code>
/// The CRC covers [21, end); baseOffset, batchLength and partitionLeaderEpoch are outside it.
/// </summary>
internal static class RecordBatchLayout
{
    public const int BaseOffset = 0;
    public const int BatchLength = 8;
    public const int PartitionLeaderEpoch = 12;
    public const int Magic = 16;
    public const int Crc = 17;
    public const int Attributes = 21;
    public const int LastOffsetDelta = 23;
    public const int BaseTimestamp = 27;
    public const int MaxTimestamp = 35;
    public const int ProducerId = 43;
    public const int ProducerEpoch = 51;
    public const int BaseSequence = 53;
    public const int RecordCount = 57;
    public const int HeaderSize = 61;

    /// <summary>batchLength counts the bytes after itself: total size − 12.</summary>
    public const int LogOverhead = 12;

    /// <summary>Smallest valid batchLength: the header after the length field.</summary>
    public const int MinBatchLength = HeaderSize - LogOverhead;

    /// <summary>Smallest encoded record: length, attributes, timestampDelta, offsetDelta, key -1, value -1, 0 headers.</summary>
    public const int MinRecordSize = 7;

    public const byte CurrentMagic = 2;
    public const int CompressionMask = 0x07;
    public const int TimestampTypeFlag = 0x08;
    public const int TransactionalFlag = 0x10;
    public const int ControlFlag = 0x20;
    public const int DeleteHorizonFlag = 0x40;
}
