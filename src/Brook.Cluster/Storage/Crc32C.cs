using System.Buffers.Binary;
using System.Numerics;

namespace Brook.Cluster.Storage;

/// <summary>
/// CRC-32C (Castagnoli) as record batch v2 uses it: initial value and final XOR 0xFFFFFFFF.
/// Used when the cluster rewrites CRC-covered bytes (LogAppendTime stamping).
/// </summary>
internal static class Crc32C
{
    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
