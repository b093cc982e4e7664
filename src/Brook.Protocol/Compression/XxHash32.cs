using System.Buffers.Binary;
using System.Numerics;

namespace Brook.Protocol.Compression;

/// <summary>
/// XXH32 (xxHash, 32-bit), used by the LZ4 frame format for its header checksum and optional block checksums
/// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md). Check values: "" = 0x02CC5D05, "a" = 0x550D7456.
/// </summary>
internal static class XxHash32
{
    private const uint Prime1 = 0x9E3779B1u;
    private const uint Prime2 = 0x85EBCA77u;
    private const uint Prime3 = 0xC2B2AE3Du;
    private const uint Prime4 = 0x27D4EB2Fu;
    private const uint Prime5 = 0x165667B1u;

    /// <summary>Hashes <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static uint Hash(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var length = (uint)data.Length;
        uint acc;
        if (data.Length >= 16)
        {
            var v1 = seed + Prime1 + Prime2;
            var v2 = seed + Prime2;
            var v3 = seed;
            var v4 = seed - Prime1;
            while (data.Length >= 16)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt32LittleEndian(data));
                v2 = Round(v2, BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt32LittleEndian(data[8..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt32LittleEndian(data[12..]));
                data = data[16..];
            }

            acc = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        }
        else
        {
            acc = seed + Prime5;
        }

        acc += length;
        while (data.Length >= 4)
        {
            acc += BinaryPrimitives.ReadUInt32LittleEndian(data) * Prime3;
            acc = BitOperations.RotateLeft(acc, 17) * Prime4;
            data = data[4..];
        }

        foreach (var b in data)
        {
            acc += b * Prime5;
            acc = BitOperations.RotateLeft(acc, 11) * Prime1;
        }

        acc ^= acc >> 15;
        acc *= Prime2;
        acc ^= acc >> 13;
        acc *= Prime3;
        acc ^= acc >> 16;
        return acc;
    }

    private static uint Round(uint acc, uint lane)
    {
        acc += lane * Prime2;
        return BitOperations.RotateLeft(acc, 13) * Prime1;
    }
}
