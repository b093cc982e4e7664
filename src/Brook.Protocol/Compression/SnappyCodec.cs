using System.Buffers;
using System.Buffers.Binary;
using Snappier;

namespace Brook.Protocol.Compression;

/// <summary>
/// Snappy as Kafka uses it (protocol.md §10). Writes xerial / snappy-java framing:
/// <code>
/// 82 53 4e 41 50 50 59 00 | 00 00 00 01 | 00 00 00 01 | { int32 BE compressed length | raw Snappy block (≤ 32 KiB input) }*
///   magic "\x82SNAPPY\0"    version 1     min-compat 1
/// </code>
/// Reads that form (a header with no chunks is empty data) and also one plain raw block (librdkafka).
/// </summary>
internal static class SnappyCodec
{
    private const int HeaderLength = 16;
    private const int ChunkInput = 32 * 1024;
    private const int MaxExpansion = 32;

    private static ReadOnlySpan<byte> Header => [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1];

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        destination.Write(Header);
        while (!source.IsEmpty)
        {
            var chunk = source[..Math.Min(ChunkInput, source.Length)];
            var span = destination.GetSpan(4 + Snappy.GetMaxCompressedLength(chunk.Length));
            var written = Snappy.Compress(chunk, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, written);
            destination.Advance(4 + written);
            source = source[chunk.Length..];
        }
    }

    public static void Decompress(ReadOnlySpan<byte> source, ref DecompressionBuffer output)
    {
        if (source.Length >= HeaderLength && source[..8].SequenceEqual(Header[..8]))
        {
            var rest = source[HeaderLength..];
            while (!rest.IsEmpty)
            {
                if (rest.Length < 4)
                {
                    throw new ProtocolException($"Snappy (xerial) records end inside a chunk length: {rest.Length} trailing bytes.");
                }

                var length = BinaryPrimitives.ReadInt32BigEndian(rest);
                if (length < 0 || length > rest.Length - 4)
                {
                    throw new ProtocolException($"Snappy (xerial) chunk claims {length} bytes but {rest.Length - 4} remain.");
                }

                DecompressBlock(rest.Slice(4, length), ref output);
                rest = rest[(4 + length)..];
            }
        }
        else
        {
            DecompressBlock(source, ref output);
        }
    }

    private static void DecompressBlock(ReadOnlySpan<byte> block, ref DecompressionBuffer output)
    {
        int expected;
        try
        {
            expected = Snappy.GetUncompressedLength(block);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ProtocolException($"Snappy block is corrupt: {e.Message}", e);
        }

        // A Snappy element expands at most ~21x (3-byte copy of 64 bytes): a larger declared length is forged, and
        // rejecting it here keeps a tiny input from reserving a large buffer.
        if (expected < 0 || expected > ((long)block.Length * MaxExpansion) + 64)
        {
            throw new ProtocolException($"Snappy block of {block.Length} bytes declares an impossible length of {expected} bytes.");
        }

        var target = output.Reserve(expected);
        bool ok;
        int written;
        try
        {
            ok = Snappy.TryDecompress(block, target, out written);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ProtocolException($"Snappy block is corrupt: {e.Message}", e);
        }

        if (!ok || written != expected)
        {
            throw new ProtocolException($"Snappy block is corrupt: it declares {expected} bytes but decodes to {(ok ? written : -1)}.");
        }

        output.Advance(written);
    }
}
