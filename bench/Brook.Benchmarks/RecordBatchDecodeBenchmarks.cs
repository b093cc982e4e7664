using BenchmarkDotNet.Attributes;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;

namespace Brook.Benchmarks;

/// <summary>Broker/consumer path: validate (CRC), decompress and iterate every record of a ~1 MiB batch.</summary>
[MemoryDiagnoser]
public class RecordBatchDecodeBenchmarks
{
    private byte[] _batch = [];

    [Params(100, 1024)]
    public int RecordSize { get; set; }

    [Params(CompressionType.None, CompressionType.Lz4, CompressionType.Zstd)]
    public CompressionType Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var builder = new RecordBatchBuilder(1024 * 1024);
        var value = BenchmarkData.Payload(RecordSize);
        long timestamp = 1_700_000_000_000;
        while (builder.TryAppend(timestamp++, [], true, value, false, []))
        {
        }

        _batch = builder.Seal(1000, 0, 0, false, Codec).ToArray();
    }

    [Benchmark]
    public long Decode()
    {
        using var reader = RecordBatchReader.Open(_batch);
        long sum = 0;
        foreach (var record in reader)
        {
            sum += record.Value.Length;
        }

        return sum;
    }
}
