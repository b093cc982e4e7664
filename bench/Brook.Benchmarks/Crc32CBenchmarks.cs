using BenchmarkDotNet.Attributes;
using Brook.Protocol;

namespace Brook.Benchmarks;

/// <summary>CRC-32C over 1 MiB (the seal and validation cost of a full batch).</summary>
[MemoryDiagnoser]
public class Crc32CBenchmarks
{
    private readonly byte[] _data = BenchmarkData.Payload(1024 * 1024);

    [Benchmark]
    public uint Crc32COneMiB() => Crc32C.Compute(_data);
}
