using BenchmarkDotNet.Attributes;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;

namespace Brook.Benchmarks;

/// <summary>Producer path: append ~1 MiB of records into a reused builder, then seal (compress + CRC).</summary>
[MemoryDiagnoser]
public class RecordBatchEncodeBenchmarks
{
    private const int BatchSize = 1024 * 1024;
    private RecordBatchBuilder _builder = null!;
    private byte[] _value = [];

    [Params(100, 1024)]
    public int RecordSize { get; set; }

    [Params(CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd)]
    public CompressionType Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _builder = new RecordBatchBuilder(BatchSize);
        _value = BenchmarkData.Payload(RecordSize);
        Encode();
    }

    [GlobalCleanup]
    public void Cleanup() => _builder.Dispose();

    [Benchmark]
    public int Encode()
    {
        _builder.Reset();
        long timestamp = 1_700_000_000_000;
        while (_builder.TryAppend(timestamp++, [], true, _value, false, []))
        {
        }

        return _builder.Seal(1000, 0, 0, false, Codec).Length;
    }
}
