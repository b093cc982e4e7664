namespace Brook.Protocol.Records;

/// <summary>How strictly <see cref="RecordBatchReader"/> checks a batch.</summary>
[Flags]
public enum RecordBatchReadOptions
{
    /// <summary>Full checks: CRC, and offsetDeltas exactly 0, 1, 2, ... (producer batches, broker append).</summary>
    None = 0,

    /// <summary>Do not verify the CRC (only when the bytes were verified already).</summary>
    SkipCrc = 1,

    /// <summary>
    /// Accept increasing offsetDeltas with gaps up to lastOffsetDelta, as compacted batches from a real broker have
    /// (consumer-side reads of Fetch responses).
    /// </summary>
    AllowOffsetGaps = 2,
}
