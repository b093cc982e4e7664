namespace Brook.TestSupport.Verification;

/// <summary>A record as a reader got it back, independent of the client library that read it.</summary>
/// <param name="Partition">Partition it was read from.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="Key">Key bytes (null = null key).</param>
/// <param name="Value">Value bytes (null = null value).</param>
/// <param name="Headers">Headers in wire order.</param>
public sealed record ObservedRecord(int Partition, long Offset, byte[]? Key, byte[]? Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers);
