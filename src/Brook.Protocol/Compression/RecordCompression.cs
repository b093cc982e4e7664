using System.Buffers;

namespace Brook.Protocol.Compression;

/// <summary>
/// Compresses and decompresses the records section of a batch (bytes 61..end) with the batch's codec
/// (protocol.md §10). Pure managed; decompression is bounded by a caller-given limit.
/// </summary>
public static class RecordCompression
{
    /// <summary>Use the codec's Kafka default level (gzip -1, lz4 9, zstd 3).</summary>
    public const int DefaultLevel = int.MinValue;

    /// <summary>
    /// Appends <paramref name="source"/> compressed with <paramref name="type"/> to <paramref name="destination"/>.
    /// <paramref name="level"/> follows Kafka's settings: <c>compression.gzip.level</c> (-1 or 1-9),
    /// <c>compression.lz4.level</c> (1-17), <c>compression.zstd.level</c> (-131072 to 22), or <see cref="DefaultLevel"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is unknown or the level is outside the codec's range.</exception>
    public static void Compress(CompressionType type, ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(destination);
        level = ResolveLevel(type, level);
        switch (type)
        {
            case CompressionType.None:
                destination.Write(source);
                break;
            case CompressionType.Gzip:
                GzipCodec.Compress(source, destination, level);
                break;
            case CompressionType.Snappy:
                SnappyCodec.Compress(source, destination);
                break;
            case CompressionType.Lz4:
                Lz4FrameCodec.Compress(source, destination, level);
                break;
            case CompressionType.Zstd:
                ZstdCodec.Compress(source, destination, level);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown compression type; use None, Gzip, Snappy, Lz4 or Zstd.");
        }
    }

    /// <summary>
    /// Decompresses <paramref name="source"/> into an array rented from <see cref="ArrayPool{T}.Shared"/>
    /// (the caller returns it); <paramref name="length"/> receives the decompressed size.
    /// </summary>
    /// <exception cref="ProtocolException">
    /// The data is corrupt for its codec, the codec id is unknown, or the output would pass <paramref name="maxDecompressedSize"/>.
    /// </exception>
    public static byte[] Decompress(CompressionType type, ReadOnlySpan<byte> source, int maxDecompressedSize, out int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecompressedSize);
        var output = new DecompressionBuffer((int)Math.Min(maxDecompressedSize, Math.Max(4096L, source.Length * 4L)), maxDecompressedSize);
        try
        {
            switch (type)
            {
                case CompressionType.None:
                    source.CopyTo(output.Reserve(source.Length));
                    output.Advance(source.Length);
                    break;
                case CompressionType.Gzip:
                    GzipCodec.Decompress(source, ref output);
                    break;
                case CompressionType.Snappy:
                    SnappyCodec.Decompress(source, ref output);
                    break;
                case CompressionType.Lz4:
                    Lz4FrameCodec.Decompress(source, ref output);
                    break;
                case CompressionType.Zstd:
                    ZstdCodec.Decompress(source, ref output);
                    break;
                default:
                    throw new ProtocolException($"Unknown compression codec id {(int)type} in batch attributes (valid: 0-4).");
            }

            length = output.Length;
            return output.Detach();
        }
        catch
        {
            output.Release();
            throw;
        }
    }

    /// <summary>Checks <paramref name="level"/> against Kafka's range for <paramref name="type"/> and resolves <see cref="DefaultLevel"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside the codec's range.</exception>
    public static int ResolveLevel(CompressionType type, int level)
    {
        if (level == DefaultLevel)
        {
            return type switch
            {
                CompressionType.Gzip => GzipCodec.DefaultLevel,
                CompressionType.Lz4 => Lz4FrameCodec.DefaultLevel,
                CompressionType.Zstd => ZstdCodec.DefaultLevel,
                _ => 0,
            };
        }

        var valid = type switch
        {
            CompressionType.Gzip => level == -1 || level is >= 1 and <= 9,
            CompressionType.Lz4 => level is >= 1 and <= 17,
            CompressionType.Zstd => level is >= -131072 and <= 22,
            _ => true,
        };
        if (!valid)
        {
            var key = type switch
            {
                CompressionType.Gzip => "compression.gzip.level must be -1 or 1-9",
                CompressionType.Lz4 => "compression.lz4.level must be 1-17",
                _ => "compression.zstd.level must be -131072 to 22",
            };
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Invalid compression level for {type}: {key}.");
        }

        return level;
    }
}
