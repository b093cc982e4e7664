using System.Buffers.Binary;
using System.IO.Compression;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using Snappier;
using ZstdSharp;

namespace Brook.Protocol.Tests.Compression;

public sealed class RecordCompressionTests
{
    public static TheoryData<CompressionType> Codecs => [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    public static TheoryData<CompressionType, int> CodecsAndSizes()
    {
        var data = new TheoryData<CompressionType, int>();
        foreach (var codec in new[] { CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd })
        {
            foreach (var size in new[] { 0, 1, 1000, 32 * 1024, (32 * 1024) + 1, 64 * 1024, (200 * 1024) + 7 })
            {
                data.Add(codec, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodecsAndSizes))]
    public void Compress_ThenDecompress_RoundTripsCompressibleAndRandomData(CompressionType codec, int size)
    {
        foreach (var input in new[] { Compressible(size), RandomBytes(size, size) })
        {
            var output = Decompress(codec, Compress(codec, input), input.Length);
            Assert.Equal(input, output);
        }
    }

    [Theory]
    [InlineData(CompressionType.Gzip, 1)]
    [InlineData(CompressionType.Gzip, 9)]
    [InlineData(CompressionType.Gzip, -1)]
    [InlineData(CompressionType.Lz4, 1)]
    [InlineData(CompressionType.Lz4, 3)]
    [InlineData(CompressionType.Lz4, 17)]
    [InlineData(CompressionType.Zstd, -5)]
    [InlineData(CompressionType.Zstd, 1)]
    [InlineData(CompressionType.Zstd, 19)]
    public void Compress_EveryLevelInRange_RoundTrips(CompressionType codec, int level)
    {
        var input = Compressible(100_000);
        using var writer = new PooledBufferWriter();
        RecordCompression.Compress(codec, input, writer, level);
        Assert.Equal(input, Decompress(codec, writer.WrittenSpan.ToArray(), input.Length));
    }

    [Theory]
    [InlineData(CompressionType.Gzip, 0)]
    [InlineData(CompressionType.Gzip, 10)]
    [InlineData(CompressionType.Lz4, 0)]
    [InlineData(CompressionType.Lz4, 18)]
    [InlineData(CompressionType.Zstd, 23)]
    public void Compress_LevelOutOfRange_Throws(CompressionType codec, int level)
    {
        using var writer = new PooledBufferWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => RecordCompression.Compress(codec, [1, 2, 3], writer, level));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Decompress_PastLimit_ThrowsProtocolException(CompressionType codec)
    {
        var bomb = Compress(codec, new byte[1 << 20]);
        Assert.True(bomb.Length < 100_000);
        var error = Assert.Throws<ProtocolException>(() => Decompress(codec, bomb, (1 << 20) - 1));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 << 20, Decompress(codec, bomb, 1 << 20).Length);
    }

    [Fact]
    public void Lz4_Output_StartsWithJavaHeaderAndEndsWithEndMark()
    {
        var output = Compress(CompressionType.Lz4, Compressible(70_000));
        Assert.Equal("04224D18604082", Convert.ToHexString(output, 0, 7));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(output.AsSpan(output.Length - 4)));
    }

    [Fact]
    public void Lz4_IncompressibleBlock_IsStoredUncompressed()
    {
        var input = RandomBytes(1000, 9);
        var output = Compress(CompressionType.Lz4, input);
        Assert.Equal(1000u | 0x80000000u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(7)));
        Assert.Equal(input, output.AsSpan(11, 1000).ToArray());
    }

    [Fact]
    public void Snappy_Output_IsXerialFramedWith32KiBChunks()
    {
        var input = Compressible(70_000);
        var output = Compress(CompressionType.Snappy, input);
        Assert.Equal("82534E415050590000000001", Convert.ToHexString(output, 0, 12));
        Assert.Equal("00000001", Convert.ToHexString(output, 12, 4));

        // Independent decode: walk the chunks by hand and decode each block with Snappier.
        var decoded = new List<byte>();
        var rest = output.AsSpan(16);
        var chunks = 0;
        while (!rest.IsEmpty)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(rest);
            decoded.AddRange(Snappy.DecompressToArray(rest.Slice(4, length)));
            rest = rest[(4 + length)..];
            chunks++;
        }

        Assert.Equal(3, chunks);
        Assert.Equal(input, decoded.ToArray());
    }

    [Fact]
    public void Snappy_HandAssembledXerialFrame_Decodes()
    {
        var part1 = Compressible(32 * 1024);
        var part2 = RandomBytes(5000, 4);
        using var frame = new MemoryStream();
        frame.Write([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
        foreach (var part in new[] { part1, part2 })
        {
            var block = Snappy.CompressToArray(part);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, block.Length);
            frame.Write(length);
            frame.Write(block);
        }

        Assert.Equal([.. part1, .. part2], Decompress(CompressionType.Snappy, frame.ToArray(), 1 << 20));
    }

    [Fact]
    public void Snappy_PlainRawBlock_Decodes()
    {
        var input = Compressible(100_000);
        Assert.Equal(input, Decompress(CompressionType.Snappy, Snappy.CompressToArray(input), 1 << 20));
    }

    [Fact]
    public void Gzip_GZipStreamOutput_Decodes()
    {
        var input = Compressible(50_000);
        Assert.Equal(input, Decompress(CompressionType.Gzip, BclGzip(input), 1 << 20));
    }

    [Fact]
    public void Gzip_TwoConcatenatedMembers_DecodeToBoth()
    {
        var a = Compressible(10_000);
        var b = RandomBytes(3000, 5);
        Assert.Equal([.. a, .. b], Decompress(CompressionType.Gzip, [.. BclGzip(a), .. BclGzip(b)], 1 << 20));
    }

    [Fact]
    public void Gzip_OurOutput_DecodesWithGZipStream()
    {
        var input = Compressible(80_000);
        var compressed = Compress(CompressionType.Gzip, input);
        Assert.Equal((byte)0x1f, compressed[0]);
        Assert.Equal((byte)0x8b, compressed[1]);
        using var stream = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var result = new MemoryStream();
        stream.CopyTo(result);
        Assert.Equal(input, result.ToArray());
    }

    [Theory]
    [InlineData(false, false, false, 64 * 1024)]
    [InlineData(true, true, true, 64 * 1024)]
    [InlineData(true, false, true, 256 * 1024)]
    [InlineData(false, true, false, 4 * 1024 * 1024)]
    public void Lz4_K4osStreamFrame_Decodes(bool contentChecksum, bool blockChecksum, bool contentLength, int blockSize)
    {
        var input = new byte[300_000];
        Compressible(150_000).CopyTo(input, 0);
        RandomBytes(150_000, 8).CopyTo(input, 150_000);
        using var output = new MemoryStream();
        var settings = new LZ4EncoderSettings
        {
            ChainBlocks = false,
            BlockSize = blockSize,
            ContentChecksum = contentChecksum,
            BlockChecksum = blockChecksum,
            CompressionLevel = LZ4Level.L00_FAST,
        };
        using (var encoder = LZ4Stream.Encode(output, settings, leaveOpen: true))
        {
            encoder.Write(input);
        }

        var frame = output.ToArray();
        if (contentLength)
        {
            // K4os's encoder does not write a content size: insert one (FLG bit 3, 8 bytes LE) and redo the header checksum.
            var size = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(size, input.Length);
            byte[] descriptor = [(byte)(frame[4] | 0x08), frame[5], .. size];
            var checksum = (byte)(K4os.Hash.xxHash.XXH32.DigestOf(descriptor, 0, descriptor.Length) >> 8);
            frame = [.. frame.AsSpan(0, 4), .. descriptor, checksum, .. frame.AsSpan(7)];
        }

        Assert.Equal(input, Decompress(CompressionType.Lz4, frame, 1 << 20));
    }

    [Fact]
    public void Lz4_DependentBlocks_AreRejected()
    {
        using var output = new MemoryStream();
        using (var encoder = LZ4Stream.Encode(output, new LZ4EncoderSettings { ChainBlocks = true }, leaveOpen: true))
        {
            encoder.Write(Compressible(1000));
        }

        Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Lz4, output.ToArray(), 1 << 20));
    }

    [Fact]
    public void Lz4_OurOutput_DecodesWithK4osStream()
    {
        var input = Compressible(200_000);
        using var decoder = LZ4Stream.Decode(new MemoryStream(Compress(CompressionType.Lz4, input)));
        using var result = new MemoryStream();
        decoder.CopyTo(result);
        Assert.Equal(input, result.ToArray());
    }

    [Fact]
    public void Zstd_StreamFrameWithoutContentSize_Decodes()
    {
        var input = Compressible(300_000);
        using var output = new MemoryStream();
        using (var encoder = new CompressionStream(output, 3, leaveOpen: true))
        {
            encoder.Write(input.AsSpan(0, 1000));
            encoder.Write(input.AsSpan(1000));
        }

        var frame = output.ToArray();
        Assert.Equal(0x28b52ffdu, BinaryPrimitives.ReadUInt32BigEndian(frame));
        Assert.Equal(0, frame[4] & 0xE0); // frame header descriptor: no content size, not single-segment
        Assert.Equal(input, Decompress(CompressionType.Zstd, frame, 1 << 20));
    }

    [Fact]
    public void Zstd_TwoConcatenatedFrames_DecodeToBoth()
    {
        var a = Compressible(1000);
        var b = RandomBytes(2000, 6);
        using var compressor = new Compressor();
        Assert.Equal([.. a, .. b], Decompress(CompressionType.Zstd, [.. compressor.Wrap(a).ToArray(), .. compressor.Wrap(b).ToArray()], 1 << 20));
    }

    [Fact]
    public void Zstd_OurOutput_DecodesWithZstdSharpStream()
    {
        var input = Compressible(200_000);
        using var decoder = new DecompressionStream(new MemoryStream(Compress(CompressionType.Zstd, input)));
        using var result = new MemoryStream();
        decoder.CopyTo(result);
        Assert.Equal(input, result.ToArray());
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Decompress_TruncatedOrCorrupted_ThrowsOnlyProtocolException(CompressionType codec)
    {
        var valid = Compress(codec, Compressible(20_000));
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var corrupt = (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                corrupt = corrupt.AsSpan(0, random.Next(corrupt.Length)).ToArray();
            }
            else
            {
                for (var j = 0; j < 1 + random.Next(4); j++)
                {
                    corrupt[random.Next(corrupt.Length)] ^= (byte)(1 + random.Next(255));
                }
            }

            try
            {
                Decompress(codec, corrupt, 1 << 20);
            }
            catch (ProtocolException)
            {
            }
        }
    }

    [Fact]
    public void Snappy_ForgedHugeLength_ThrowsWithoutReservingIt()
    {
        // Raw block whose preamble claims 60 MiB, followed by a 3-byte literal.
        byte[] forged = [0x80, 0x80, 0x80, 0x1e, 0x08, 0x61, 0x62, 0x63];
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Snappy, forged, 64 << 20));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Decompress_UnknownCodec_ThrowsProtocolException() =>
        Assert.Throws<ProtocolException>(() => Decompress((CompressionType)5, [1, 2, 3], 100));

    internal static byte[] Compressible(int size)
    {
        var data = new byte[size];
        var text = "Kafka record batch payload with repeating words "u8;
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)(text[i % text.Length] + ((i / 997) % 3));
        }

        return data;
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] Compress(CompressionType codec, byte[] input)
    {
        using var writer = new PooledBufferWriter();
        RecordCompression.Compress(codec, input, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static byte[] Decompress(CompressionType codec, byte[] input, int limit)
    {
        var rented = RecordCompression.Decompress(codec, input, limit, out var length);
        try
        {
            return rented.AsSpan(0, length).ToArray();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static byte[] BclGzip(byte[] input)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(input);
        }

        return output.ToArray();
    }
}
