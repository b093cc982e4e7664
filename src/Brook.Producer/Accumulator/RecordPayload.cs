using Brook.Protocol.Records;

namespace Brook.Producer.Accumulator;

/// <summary>One serialized record on its way into a batch. The memory stays owned by the caller until the append returns.</summary>
/// <param name="Timestamp">CreateTime in Unix milliseconds.</param>
/// <param name="Key">Key bytes (ignored when <paramref name="KeyIsNull"/>).</param>
/// <param name="KeyIsNull">True for a Kafka null key.</param>
/// <param name="Value">Value bytes (ignored when <paramref name="ValueIsNull"/>).</param>
/// <param name="ValueIsNull">True for a Kafka null value.</param>
/// <param name="Headers">Record headers, in order.</param>
internal readonly record struct RecordPayload(
    long Timestamp,
    ReadOnlyMemory<byte> Key,
    bool KeyIsNull,
    ReadOnlyMemory<byte> Value,
    bool ValueIsNull,
    ReadOnlyMemory<RecordHeader> Headers)
{
    /// <summary>Batch header (61) plus the largest encoding this record can take: every varint at its maximum width.</summary>
    public int SizeUpperBound()
    {
        const int BatchHeader = 61;
        const int RecordFixed = 5 + 1 + 10 + 5 + 5 + 5 + 5; // length, attributes, timestampDelta, offsetDelta, key/value lengths, header count
        long size = BatchHeader + RecordFixed + (KeyIsNull ? 0 : Key.Length) + (ValueIsNull ? 0 : Value.Length);
        foreach (ref readonly var header in Headers.Span)
        {
            size += 5 + System.Text.Encoding.UTF8.GetByteCount(header.Key) + 5 + (header.IsValueNull ? 0 : header.Value.Length);
        }

        return (int)Math.Min(int.MaxValue, size);
    }
}
