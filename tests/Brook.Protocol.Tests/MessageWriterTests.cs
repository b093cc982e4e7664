using System.Buffers;
using System.Buffers.Binary;
using Brook.Protocol.Messages;
using Brook.Tests.Shared;

namespace Brook.Protocol.Tests;

public sealed class MessageWriterTests
{
    private static ProduceRequest SampleRequest()
    {
        var request = new ProduceRequest { Acks = -1, TimeoutMs = 30000 };
        for (var t = 0; t < 3; t++)
        {
            var topic = new ProduceRequest.TopicProduceData { Name = $"topic-{t}" };
            for (var p = 0; p < 3; p++)
            {
                topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = p, Records = new byte[100] });
            }

            request.TopicData.Add(topic);
        }

        return request;
    }

    [Fact]
    public void WriteFrame_PrefixesPayloadSizeAndConcatenatesHeaderAndBody()
    {
        var header = new RequestHeader { RequestApiKey = 0, RequestApiVersion = 9, CorrelationId = 3, ClientId = "c" };
        var body = SampleRequest();
        var output = new ArrayBufferWriter<byte>();
        var total = MessageWriter.WriteFrame(output, header, 2, body, 9);
        Assert.Equal(output.WrittenCount, total);
        Assert.Equal(total - 4, BinaryPrimitives.ReadInt32BigEndian(output.WrittenSpan));
        var payload = output.WrittenMemory[4..];
        var reader = new Primitives.ProtocolReader(payload);
        var decodedHeader = RequestHeader.Read(ref reader, 2);
        Assert.Equal(3, decodedHeader.CorrelationId);
        Assert.Equal("c", decodedHeader.ClientId);
        var decodedBody = ProduceRequest.Read(ref reader, 9);
        Assert.True(reader.IsAtEnd);
        Assert.Equal(9, decodedBody.TopicData.Sum(t => t.PartitionData.Count));
    }

    [Fact]
    public void WriteTo_WritesExactlyComputeSizeBytes()
    {
        var body = SampleRequest();
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(body.ComputeSize(5), body.WriteTo(output, 5));
        Assert.Equal(body.ComputeSize(5), output.WrittenCount);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void WriteFrame_ReusedBuffer_AllocatesNothingInSteadyState(short version)
    {
        var header = new RequestHeader { RequestApiKey = 0, RequestApiVersion = version, CorrelationId = 1, ClientId = "brook" };
        var body = SampleRequest();
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var headerVersion = HeaderVersions.Request(ApiKey.Produce, version);
        MessageWriter.WriteFrame(output, header, headerVersion, body, version); // warm up
        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                output.ResetWrittenCount();
                header.CorrelationId++;
                MessageWriter.WriteFrame(output, header, headerVersion, body, version);
            }
        });

        Assert.Equal(0, allocated);
    }
}
