using System.Buffers;
using System.IO.Compression;

namespace Brook.Protocol.Compression;

/// <summary>gzip (RFC 1952) via System.IO.Compression: one member on write, any number of concatenated members on read.</summary>
internal static class GzipCodec
{
    /// <summary>Kafka's default <c>compression.gzip.level</c>: -1 = zlib's default (6).</summary>
    public const int DefaultLevel = -1;

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int level)
    {
        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        gzip.Write(source);
    }

    public static void Decompress(ReadOnlySpan<byte> source, ref DecompressionBuffer output)
    {
        // GZipStream needs a Stream: copy the input into a pooled array once.
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, source.Length));
        try
        {
            source.CopyTo(copy);
            using var input = new MemoryStream(copy, 0, source.Length, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                var read = gzip.Read(output.GetFreeSpan());
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ProtocolException($"gzip records are corrupt: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
