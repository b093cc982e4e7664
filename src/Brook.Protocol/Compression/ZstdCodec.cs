using System.Buffers;
using ZstdSharp;

namespace Brook.Protocol.Compression;

/// <summary>
/// Zstandard via ZstdSharp (pure managed). Writes one frame; reads one or more frames by streaming, so a missing
/// content size (zstd-jni and librdkafka streaming writers) is fine. Contexts are cached per thread.
/// </summary>
internal static class ZstdCodec
{
    /// <summary>Kafka's default <c>compression.zstd.level</c>.</summary>
    public const int DefaultLevel = 3;

    [ThreadStatic]
    private static Compressor? _threadCompressor;

    [ThreadStatic]
    private static int _threadCompressorLevel;

    [ThreadStatic]
    private static Decompressor? _threadDecompressor;

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int level)
    {
        var compressor = _threadCompressor;
        if (compressor is null)
        {
            compressor = _threadCompressor = new Compressor(level);
            _threadCompressorLevel = level;
        }
        else if (_threadCompressorLevel != level)
        {
            compressor.Level = level;
            _threadCompressorLevel = level;
        }

        var span = destination.GetSpan(Compressor.GetCompressBound(source.Length));
        var written = compressor.Wrap(source, span);
        destination.Advance(written);
    }

    public static void Decompress(ReadOnlySpan<byte> source, ref DecompressionBuffer output)
    {
        var decompressor = _threadDecompressor ??= new Decompressor();
        decompressor.ResetStream();
        try
        {
            var stalls = 0;
            while (true)
            {
                var status = decompressor.UnwrapStream(source, output.GetFreeSpan(), out var consumed, out var written);
                output.Advance(written);
                source = source[consumed..];
                if (status == OperationStatus.Done && source.IsEmpty)
                {
                    return;
                }

                if (status is not (OperationStatus.Done or OperationStatus.NeedMoreData or OperationStatus.DestinationTooSmall))
                {
                    throw new ProtocolException($"zstd records are corrupt ({status}).");
                }

                if (status == OperationStatus.NeedMoreData && source.IsEmpty)
                {
                    throw new ProtocolException("zstd records are empty or end inside a frame (truncated data).");
                }

                stalls = consumed == 0 && written == 0 ? stalls + 1 : 0;
                if (stalls > 4)
                {
                    throw new ProtocolException("zstd decoder made no progress; the records are corrupt.");
                }
            }
        }
        catch (ZstdException e)
        {
            decompressor.ResetStream();
            throw new ProtocolException($"zstd records are corrupt: {e.Message}", e);
        }
    }
}
