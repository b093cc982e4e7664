namespace Brook.Protocol.Primitives;

/// <summary>Outcome of reading a varint from a buffer that may hold a partial frame.</summary>
public enum VarintStatus
{
    /// <summary>A complete value was read.</summary>
    Done,

    /// <summary>The input ended inside the value; read again with more bytes.</summary>
    NeedMoreData,

    /// <summary>The bytes are not a valid varint of the requested width (too long or overflowing).</summary>
    Malformed,
}
