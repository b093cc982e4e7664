using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Brook.Producer.Network;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;

namespace Brook.Benchmarks;

/// <summary>
/// Encode + frame of a Produce request into the connection's pooled send pipe (what BrokerConnection.SendAsync does under
/// its lock), drained each time as the socket writer would. Expected: 0 B allocated per request.
/// </summary>
[MemoryDiagnoser]
public class RequestFramingBenchmarks
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly RequestFramer _framer = new("bench-client");
    private readonly RecordBatchBuilder _batch = new(16384);
    private ProduceRequest _request = null!;
    private int _correlationId;

    [Params(1, 16)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var value = new byte[100];
        while (_batch.TryAppend(1_700_000_000_000, default, true, value, false, []))
        {
        }

        var records = _batch.Seal(-1, -1, -1, false);
        var topic = new ProduceRequest.TopicProduceData { Name = "bench-topic" };
        for (var p = 0; p < Partitions; p++)
        {
            topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = p, Records = records });
        }

        _request = new ProduceRequest { Acks = -1, TimeoutMs = 30000, TopicData = [topic] };
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(Description = "Produce v11 encode+frame into the send pipe")]
    public long FrameProduceV11() => FrameAndDrain(11);

    [Benchmark(Description = "Produce v8 (non-flexible) encode+frame into the send pipe")]
    public long FrameProduceV8() => FrameAndDrain(8);

    private long FrameAndDrain(short version)
    {
        var written = _framer.Write(_pipe.Writer, _request, version, _correlationId++);
        _ = _pipe.Writer.FlushAsync();
        if (_pipe.Reader.TryRead(out var result))
        {
            _pipe.Reader.AdvanceTo(result.Buffer.End);
        }

        return written;
    }
}
