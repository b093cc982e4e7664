using BenchmarkDotNet.Attributes;
using Brook.Protocol.Records;

namespace Brook.Benchmarks;

/// <summary>The serializer path: values written through the builder's IBufferWriter, then compacted in place.</summary>
[MemoryDiagnoser]
public class RecordBatchStreamingBenchmarks
{
    private const int BatchSize = 1024 * 1024;
    private RecordBatchBuilder _builder = null!;
    private byte[] _value = [];

    [Params(100, 1024)]
    public int RecordSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _builder = new RecordBatchBuilder(BatchSize);
        _value = BenchmarkData.Payload(RecordSize);
        EncodeStreaming();
    }

    [GlobalCleanup]
    public void Cleanup() => _builder.Dispose();

    [Benchmark]
    public int EncodeStreaming()
    {
        _builder.Reset();
        long timestamp = 1_700_000_000_000;
        while (true)
        {
            _builder.BeginRecord(timestamp++);
            _builder.WriteNullKey();
            var writer = _builder.BeginValue();
            _value.CopyTo(writer.GetSpan(_value.Length));
            writer.Advance(_value.Length);
            _builder.EndValue();
            if (!_builder.EndRecord())
            {
                _builder.CancelRecord();
                break;
            }
        }

        return _builder.Seal(1000, 0, 0, false).Length;
    }
}
