using System.Buffers;
using BenchmarkDotNet.Attributes;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Benchmarks;

/// <summary>
/// Encodes a ProduceRequest frame (size prefix, header v2, flexible v11 body; 4 topics x 4 partitions of 16 KiB
/// record batches) into a reused buffer. Expected: 0 bytes allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class ProduceRequestEncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(512 * 1024);
    private readonly byte[] _span = new byte[512 * 1024];
    private RequestHeader _header = null!;
    private ProduceRequest _request = null!;

    /// <summary>API version to encode.</summary>
    [Params((short)3, (short)11)]
    public short Version { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var batch = new byte[16 * 1024];
        new Random(7).NextBytes(batch);
        _header = new RequestHeader { RequestApiKey = (short)ApiKey.Produce, RequestApiVersion = Version, CorrelationId = 1, ClientId = "brook-bench" };
        _request = new ProduceRequest { Acks = -1, TimeoutMs = 30000 };
        for (var t = 0; t < 4; t++)
        {
            var topic = new ProduceRequest.TopicProduceData { Name = $"topic-{t}" };
            for (var p = 0; p < 4; p++)
            {
                topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = p, Records = batch });
            }

            _request.TopicData.Add(topic);
        }
    }

    /// <summary>Whole frame into a reused <see cref="IBufferWriter{T}"/>.</summary>
    [Benchmark]
    public int FrameIntoBufferWriter()
    {
        _output.ResetWrittenCount();
        _header.CorrelationId++;
        return MessageWriter.WriteFrame(_output, _header, HeaderVersions.Request(ApiKey.Produce, Version), _request, Version);
    }

    /// <summary>Body only: size first, then write into a reused span.</summary>
    [Benchmark]
    public int BodyIntoSpan()
    {
        var size = _request.ComputeSize(Version);
        var writer = new ProtocolWriter(_span.AsSpan(0, size));
        _request.Write(ref writer, Version);
        return writer.Position;
    }
}
