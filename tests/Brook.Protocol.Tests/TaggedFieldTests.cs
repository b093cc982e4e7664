using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

/// <summary>KIP-482 tagged fields through the generated code: unknown tags kept byte for byte, order enforced.</summary>
public sealed class TaggedFieldTests
{
    [Fact]
    public void UnknownTags_AreKeptAndWrittenBackUnchanged()
    {
        // ResponseHeader v1: CorrelationId 7, TAG_BUFFER with tags 5 (2 bytes) and 9 (0 bytes).
        var bytes = Convert.FromHexString("00000007" + "02" + "0502abcd" + "0900");
        var reader = new ProtocolReader(bytes);
        var header = ResponseHeader.Read(ref reader, 1);
        Assert.True(reader.IsAtEnd);
        Assert.Equal([5, 9], header.UnknownTaggedFields!.Select(f => f.Tag));
        Assert.Equal([0xab, 0xcd], header.UnknownTaggedFields![0].Data.ToArray());
        Assert.Equal(bytes, MessageModel.Encode(header, 1));
    }

    [Fact]
    public void KnownAndUnknownTags_InterleaveInAscendingOrder()
    {
        var response = new ApiVersionsResponse
        {
            FinalizedFeaturesEpoch = 3,
            ZkMigrationReady = true,
            UnknownTaggedFields = [new(2, new byte[] { 0x01 }), new(7, new byte[] { 0x02 })],
        };
        var hex = Convert.ToHexStringLower(MessageModel.Encode(response, 3));

        // ErrorCode, empty ApiKeys, ThrottleTimeMs, then 4 tags: 1 (known), 2 (unknown), 3 (known), 7 (unknown).
        Assert.Equal("0000" + "01" + "00000000" + "04" + "01080000000000000003" + "020101" + "030101" + "070102", hex);
    }

    [Fact]
    public void TagsOutOfOrder_ThrowProtocolException()
    {
        var bytes = Convert.FromHexString("00000007" + "02" + "0900" + "0500");
        Assert.Throws<ProtocolException>(() =>
        {
            var reader = new ProtocolReader(bytes);
            ResponseHeader.Read(ref reader, 1);
        });
    }

    [Fact]
    public void KnownTagWithWrongSize_ThrowsProtocolException()
    {
        // ApiVersionsResponse v3, tag 1 (FinalizedFeaturesEpoch, int64) declared with 9 bytes.
        var bytes = Convert.FromHexString("0000" + "01" + "00000000" + "01" + "0109" + "000000000000000300");
        Assert.Throws<ProtocolException>(() => MessageModel.Decode(MessageModel.Spec("ApiVersionsResponse"), bytes, 3));
    }

    [Fact]
    public void KnownTagBelowItsTaggedVersions_IsKeptAsUnknown()
    {
        // ProduceResponse partition tag 0 (CurrentLeader) exists from v10; at v9 it must stay an unknown tag.
        var partition = new ProduceResponse.PartitionProduceResponse { UnknownTaggedFields = [new(0, Convert.FromHexString("000000020000000500"))] };
        var response = new ProduceResponse { Responses = [new() { Name = "t", PartitionResponses = [partition] }] };
        var bytes = MessageModel.Encode(response, 9);

        var at9 = (ProduceResponse)MessageModel.Decode(MessageModel.Spec("ProduceResponse"), bytes, 9);
        var p9 = at9.Responses[0].PartitionResponses[0];
        Assert.Equal(-1, p9.CurrentLeader.LeaderId);
        Assert.Single(p9.UnknownTaggedFields!);

        var at10 = (ProduceResponse)MessageModel.Decode(MessageModel.Spec("ProduceResponse"), bytes, 10);
        var p10 = at10.Responses[0].PartitionResponses[0];
        Assert.Equal(2, p10.CurrentLeader.LeaderId);
        Assert.Equal(5, p10.CurrentLeader.LeaderEpoch);
        Assert.Null(p10.UnknownTaggedFields);
    }

    [Fact]
    public void DefaultTaggedFields_AreNotWritten()
    {
        var response = new ProduceResponse { Responses = [new() { Name = "t", PartitionResponses = [new()] }] };
        var withDefaults = MessageModel.Encode(response, 10);
        response.Responses[0].PartitionResponses[0].CurrentLeader.LeaderId = 4;
        var withLeader = MessageModel.Encode(response, 10);
        Assert.Equal(withDefaults.Length + 11, withLeader.Length); // tag 0 + size 9 + 9-byte struct; count stays one byte
    }
}
