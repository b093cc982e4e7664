namespace Brook.Cli.Engines;

/// <summary>One record read by an <see cref="IRecordReader"/>.</summary>
/// <param name="Partition">Partition index.</param>
/// <param name="Offset">Record offset.</param>
/// <param name="Key">Key bytes, or null.</param>
/// <param name="Value">Value bytes, or null.</param>
/// <param name="Headers">Headers in order.</param>
internal sealed record ConsumedRecord(int Partition, long Offset, byte[]? Key, byte[]? Value, IReadOnlyList<KeyValuePair<string, byte[]?>> Headers);
