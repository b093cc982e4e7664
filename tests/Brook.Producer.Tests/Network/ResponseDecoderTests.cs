using System.Buffers;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Tests.Network;

public sealed class ResponseDecoderTests
{
    [Fact]
    public void Decode_ApiVersionsRejection_ReadsTheV0BodyOfProtocolMd5()
    {
        // protocol.md §5 golden answer without its size prefix: v0 header (correlation 1), error 35, [{18, 0, 4}].
        byte[] payload = [0x00, 0x00, 0x00, 0x01, 0x00, 0x23, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x04];

        var response = Assert.IsType<ApiVersionsResponse>(ResponseDecoder.Decode(ApiKey.ApiVersions, 4, payload));

        Assert.Equal(35, response.ErrorCode);
        var entry = Assert.Single(response.ApiKeys);
        Assert.Equal((18, 0, 4), (entry.ApiKey, entry.MinVersion, entry.MaxVersion));
    }

    [Fact]
    public void Decode_MockClustersMalformedRejection_StillReportsUnsupportedVersion()
    {
        // peers.md deviation 1: header v0 (correlation 1), then 0023 01 0012 0000 0002 00000000 (neither v0 nor v3).
        byte[] payload = [0, 0, 0, 1, 0x00, 0x23, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00];

        var response = Assert.IsType<ApiVersionsResponse>(ResponseDecoder.Decode(ApiKey.ApiVersions, 4, payload));

        Assert.Equal(35, response.ErrorCode);
        Assert.Empty(response.ApiKeys);
    }

    [Fact]
    public void Decode_FlexibleProduceResponse_SkipsHeaderTagBufferAndReadsBody()
    {
        var body = new ProduceResponse { ThrottleTimeMs = 7 };
        var frame = FakeBroker.Frame(42, ApiKey.Produce, 11, body);

        var decoded = Assert.IsType<ProduceResponse>(ResponseDecoder.Decode(ApiKey.Produce, 11, frame.AsMemory(4)));

        Assert.Equal(7, decoded.ThrottleTimeMs);
    }

    [Fact]
    public void Decode_TruncatedBody_ThrowsProtocolException()
    {
        var frame = FakeBroker.Frame(1, ApiKey.Metadata, 12, new MetadataResponse());

        Assert.Throws<ProtocolException>(() => ResponseDecoder.Decode(ApiKey.Metadata, 12, frame.AsMemory(4, frame.Length - 6)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(11)]
    public void Decode_ProduceFromReceiveBuffer_ReusesAReturnedResponseWithoutStaleFields(short version)
    {
        var first = Produce(version, ("orders", [(0, 0, 10L), (1, 6, -1L), (2, 0, 30L)]), ("audit", [(0, 0, 5L)]));
        var second = Produce(version, ("orders", [(4, 0, 99L)]));
        if (version >= 10)
        {
            first.Responses[0].PartitionResponses[1].CurrentLeader = new ProduceResponse.LeaderIdAndEpoch { LeaderId = 3, LeaderEpoch = 8 };
            first.NodeEndpoints.Add(new ProduceResponse.NodeEndpoint { NodeId = 3, Host = "b3", Port = 9093 });
        }

        var decoded = Assert.IsType<ProduceResponse>(ResponseDecoder.Decode(ApiKey.Produce, version, Sequence(first, version)));
        AssertSame(first, decoded);
        var topicName = decoded.Responses[0].Name;
        ResponseDecoder.Return(decoded);

        // The pool is shared by every connection of the process: decode until the returned object comes back.
        ProduceResponse again;
        var attempts = 0;
        do
        {
            again = Assert.IsType<ProduceResponse>(ResponseDecoder.Decode(ApiKey.Produce, version, Sequence(second, version)));
        }
        while (!ReferenceEquals(again, decoded) && ++attempts < 1_000);

        Assert.Same(decoded, again);
        AssertSame(second, again);
        Assert.Same(topicName, again.Responses[0].Name); // the same topic name is not allocated again
        ResponseDecoder.Return(again);
    }

    [Fact]
    public void Decode_ProduceWithUnknownTaggedField_CopiesItOutOfTheReceiveBuffer()
    {
        var response = Produce(11, ("orders", [(0, 0, 1L)]));
        response.Responses[0].PartitionResponses[0].UnknownTaggedFields = [new RawTaggedField(7, new byte[] { 1, 2, 3 })];
        var frame = FakeBroker.Frame(42, ApiKey.Produce, 11, response);

        var decoded = Assert.IsType<ProduceResponse>(ResponseDecoder.Decode(ApiKey.Produce, 11, new ReadOnlySequence<byte>(frame, 4, frame.Length - 4)));
        Array.Clear(frame); // the connection reuses its receive buffer for the next frame

        var field = Assert.Single(decoded.Responses[0].PartitionResponses[0].UnknownTaggedFields!);
        Assert.Equal(7, field.Tag);
        Assert.Equal(new byte[] { 1, 2, 3 }, field.Data.ToArray());
    }

    private static ProduceResponse Produce(short version, params (string Topic, (int Index, short Error, long Offset)[] Partitions)[] topics)
    {
        var response = new ProduceResponse { ThrottleTimeMs = version >= 1 ? 5 : 0 };
        foreach (var (name, partitions) in topics)
        {
            var topic = new ProduceResponse.TopicProduceResponse { Name = name };
            foreach (var (index, error, offset) in partitions)
            {
                topic.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse
                {
                    Index = index,
                    ErrorCode = error,
                    BaseOffset = offset,
                    ErrorMessage = version >= 8 && error != 0 ? "not leader" : null,
                });
            }

            response.Responses.Add(topic);
        }

        return response;
    }

    private static ReadOnlySequence<byte> Sequence(ProduceResponse response, short version)
    {
        var frame = FakeBroker.Frame(42, ApiKey.Produce, version, response);
        return new ReadOnlySequence<byte>(frame, 4, frame.Length - 4);
    }

    private static void AssertSame(ProduceResponse expected, ProduceResponse actual)
    {
        Assert.Equal(expected.ThrottleTimeMs, actual.ThrottleTimeMs);
        Assert.Equal(expected.NodeEndpoints.Select(e => (e.NodeId, e.Host, e.Port)), actual.NodeEndpoints.Select(e => (e.NodeId, e.Host, e.Port)));
        Assert.Equal(expected.Responses.Count, actual.Responses.Count);
        for (var t = 0; t < expected.Responses.Count; t++)
        {
            Assert.Equal(expected.Responses[t].Name, actual.Responses[t].Name);
            Assert.Equal(
                expected.Responses[t].PartitionResponses.Select(p => (p.Index, p.ErrorCode, p.BaseOffset, p.ErrorMessage, p.CurrentLeader.LeaderId, p.CurrentLeader.LeaderEpoch)),
                actual.Responses[t].PartitionResponses.Select(p => (p.Index, p.ErrorCode, p.BaseOffset, p.ErrorMessage, p.CurrentLeader.LeaderId, p.CurrentLeader.LeaderEpoch)));
        }
    }
}
