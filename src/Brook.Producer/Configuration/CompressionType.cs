namespace Brook.Producer;

/// <summary>The codec for record batches (Kafka key <c>compression.type</c>).</summary>
public enum CompressionType
{
    /// <summary><c>none</c>: batches are not compressed.</summary>
    None = 0,

    /// <summary><c>gzip</c>.</summary>
    Gzip = 1,

    /// <summary><c>snappy</c> (xerial framing, as Java writes it).</summary>
    Snappy = 2,

    /// <summary><c>lz4</c> (LZ4 frame).</summary>
    Lz4 = 3,

    /// <summary><c>zstd</c>.</summary>
    Zstd = 4,
}
