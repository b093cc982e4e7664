using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Brook.Protocol.Compression;

/// <summary>
/// The LZ4 frame format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md) as Kafka's Java client writes it
/// (<c>Lz4BlockOutputStream</c>), with K4os for the block codec.
/// <code>
/// 04 22 4d 18 | FLG 60 | BD 40 | HC 82 | { uint32 LE size (bit 31 = stored) | block }* | 00 00 00 00
///   magic        v01, independent   64 KiB   (XXH32(FLG,BD) >> 8) &amp; 0xFF
/// </code>
/// The reader follows Java's: content size skipped, block checksums verified, content checksum read but not
/// verified, dependent blocks and dictionaries rejected, one frame.
/// </summary>
internal static class Lz4FrameCodec
{
    /// <summary>Kafka's default <c>compression.lz4.level</c>.</summary>
    public const int DefaultLevel = 9;

    private const uint Magic = 0x184D2204;
    private const int BlockSize = 64 * 1024;
    private const uint StoredFlag = 0x80000000;

    private static ReadOnlySpan<byte> EndMark => [0, 0, 0, 0];

    private static ReadOnlySpan<byte> Header => [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82];

    public static void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int level)
    {
        var lz4Level = MapLevel(level);
        destination.Write(Header);
        while (!source.IsEmpty)
        {
            var chunk = source[..Math.Min(BlockSize, source.Length)];
            var span = destination.GetSpan(4 + LZ4Codec.MaximumOutputSize(chunk.Length));
            var written = LZ4Codec.Encode(chunk, span[4..], lz4Level);
            if (written <= 0 || written >= chunk.Length)
            {
                // Incompressible: store the block as is, as Java does.
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)chunk.Length | StoredFlag);
                chunk.CopyTo(span[4..]);
                written = chunk.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)written);
            }

            destination.Advance(4 + written);
            source = source[chunk.Length..];
        }

        destination.Write(EndMark);
    }

    public static void Decompress(ReadOnlySpan<byte> source, ref DecompressionBuffer output)
    {
        if (source.Length < 7 || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            throw new ProtocolException("LZ4 records do not start with the LZ4 frame magic 04 22 4d 18.");
        }

        var flg = source[4];
        var bd = source[5];
        if (flg >> 6 != 1)
        {
            throw new ProtocolException($"LZ4 frame version {flg >> 6} is not supported (only 01).");
        }

        if ((flg & 0x02) != 0 || (bd & 0x8F) != 0)
        {
            throw new ProtocolException($"LZ4 frame descriptor has reserved bits set (FLG {flg:x2}, BD {bd:x2}).");
        }

        if ((flg & 0x01) != 0)
        {
            throw new ProtocolException("LZ4 frames with a dictionary id are not supported.");
        }

        if ((flg & 0x20) == 0)
        {
            throw new ProtocolException("LZ4 frames with dependent blocks are not supported (Kafka writes independent blocks).");
        }

        var blockChecksum = (flg & 0x10) != 0;
        var contentSize = (flg & 0x08) != 0;
        var contentChecksum = (flg & 0x04) != 0;
        var blockSizeId = (bd >> 4) & 0x7;
        if (blockSizeId < 4)
        {
            throw new ProtocolException($"LZ4 frame block size id {blockSizeId} is invalid (4-7).");
        }

        var maxBlock = 1 << ((2 * blockSizeId) + 8);
        var descriptorLength = contentSize ? 10 : 2;
        if (source.Length < 4 + descriptorLength + 1)
        {
            throw new ProtocolException("LZ4 frame header is truncated.");
        }

        var checksum = (byte)((XxHash32.Hash(source.Slice(4, descriptorLength)) >> 8) & 0xFF);
        if (source[4 + descriptorLength] != checksum)
        {
            throw new ProtocolException($"LZ4 frame header checksum is {source[4 + descriptorLength]:x2}, expected {checksum:x2}.");
        }

        var rest = source[(4 + descriptorLength + 1)..];
        while (true)
        {
            if (rest.Length < 4)
            {
                throw new ProtocolException("LZ4 frame ends without an end mark.");
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            rest = rest[4..];
            if (size == 0)
            {
                break;
            }

            var stored = (size & StoredFlag) != 0;
            var length = (int)(size & ~StoredFlag);
            if (length > maxBlock || length > rest.Length - (blockChecksum ? 4 : 0))
            {
                throw new ProtocolException($"LZ4 block of {length} bytes exceeds the block maximum ({maxBlock}) or the remaining input ({rest.Length}).");
            }

            var block = rest[..length];
            if (blockChecksum && BinaryPrimitives.ReadUInt32LittleEndian(rest[length..]) != XxHash32.Hash(block))
            {
                throw new ProtocolException("LZ4 block checksum mismatch.");
            }

            if (stored)
            {
                block.CopyTo(output.Reserve(length));
                output.Advance(length);
            }
            else
            {
                // LZ4 expands at most ~255x (length bytes of 255): no need to reserve a full 4 MiB block for a tiny one.
                var target = output.ReserveAtMost((int)Math.Min(maxBlock, (255L * length) + 64));
                var written = LZ4Codec.Decode(block, target);
                if (written < 0)
                {
                    throw new ProtocolException(
                        output.Length + (long)target.Length >= output.Limit
                            ? "LZ4 block is corrupt or its output passes the decompression limit."
                            : "LZ4 block is corrupt.");
                }

                output.Advance(written);
            }

            rest = rest[(length + (blockChecksum ? 4 : 0))..];
        }

        // Java reads the content checksum but does not verify it; a frame that ends right after the end mark is accepted too.
        _ = contentChecksum;
    }

    /// <summary>
    /// Kafka's level range is 1-17 (lz4-java's HC levels). K4os offers fast (below 3), HC 3-9, OPT 10-11 and MAX 12;
    /// levels 13-17 map to MAX (the C library caps HC at 12 as well).
    /// </summary>
    internal static LZ4Level MapLevel(int level) => level switch
    {
        < 3 => LZ4Level.L00_FAST,
        >= 12 => LZ4Level.L12_MAX,
        _ => (LZ4Level)level,
    };
}
