namespace Brook.Protocol.Compression;

/// <summary>
/// The codec of a record batch: bits 0-2 of the batch attributes (protocol.md §9-10).
/// Values match Kafka's <c>compression.type</c> ids on the wire.
/// </summary>
public enum CompressionType : byte
{
    /// <summary>Records are stored as they are.</summary>
    None = 0,

    /// <summary>RFC 1952 gzip (deflate); readers accept concatenated members.</summary>
    Gzip = 1,

    /// <summary>Snappy: written with xerial (snappy-java) framing; readers also accept one raw block.</summary>
    Snappy = 2,

    /// <summary>LZ4 frame format with 64 KiB independent blocks (Java's header).</summary>
    Lz4 = 3,

    /// <summary>Zstandard frame (needs Produce v7+).</summary>
    Zstd = 4,
}
