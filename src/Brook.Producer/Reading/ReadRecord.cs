namespace Brook.Producer.Reading;

/// <summary>One record read by a <see cref="TopicReader"/>.</summary>
/// <param name="Partition">Partition index.</param>
/// <param name="Offset">Record offset.</param>
/// <param name="Timestamp">Record timestamp in Unix milliseconds (the batch's max timestamp for LogAppendTime topics).</param>
/// <param name="Key">Key bytes, or null.</param>
/// <param name="Value">Value bytes, or null.</param>
/// <param name="Headers">Headers in wire order; a null value is a null header value.</param>
public sealed record ReadRecord(
    int Partition,
    long Offset,
    long Timestamp,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyList<KeyValuePair<string, byte[]?>> Headers);
