using BenchmarkDotNet.Attributes;
using Brook.Protocol.Primitives;

namespace Brook.Benchmarks;

/// <summary>Varint encode/decode over a mix of small and large values.</summary>
[MemoryDiagnoser]
public class VarintBenchmarks
{
    private readonly int[] _values = new int[1024];
    private readonly byte[] _buffer = new byte[1024 * Varint.MaxLength32];
    private int _encodedLength;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = random.Next(4) switch { 0 => random.Next(64), 1 => random.Next(16384), 2 => -random.Next(1 << 20), _ => random.Next() };
        }

        _encodedLength = Encode();
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Encode()
    {
        var offset = 0;
        foreach (var value in _values)
        {
            offset += Varint.Write(_buffer.AsSpan(offset), value);
        }

        return offset;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public long Decode()
    {
        long sum = 0;
        var span = _buffer.AsSpan(0, _encodedLength);
        while (!span.IsEmpty)
        {
            Varint.TryRead(span, out int value, out var read);
            sum += value;
            span = span[read..];
        }

        return sum;
    }
}
