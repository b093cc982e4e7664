using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

/// <summary>
/// The generated <c>ReadFrom</c> (decoding into a reused instance, for ProduceResponse): seeded random messages decoded
/// one after another into the same instance equal a fresh <c>Read</c> of each and re-encode to the same bytes, so no
/// field, list entry or tagged field of an earlier message survives into a later one.
/// </summary>
public sealed class MessageReadFromTests
{
    public static TheoryData<short> ProduceResponseVersions()
    {
        var data = new TheoryData<short>();
        for (var v = ProduceResponse.LowestSupportedVersion; v <= ProduceResponse.HighestSupportedVersion; v++)
        {
            data.Add(v);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProduceResponseVersions))]
    public void ReadFrom_RandomMessagesIntoOneInstance_EachEqualsAFreshRead(short version)
    {
        var spec = MessageModel.Spec(nameof(ProduceResponse));
        var rng = new Random(1000 + version);
        var reused = new ProduceResponse();
        for (var i = 0; i < 40; i++)
        {
            // Every third message is the default one: lists shrink to nothing and tagged fields disappear.
            var original = i % 3 == 2 ? new ProduceResponse() : (ProduceResponse)MessageModel.Random(spec, version, rng);
            var bytes = MessageModel.Encode(original, version);

            var reader = new ProtocolReader(bytes);
            reused.ReadFrom(ref reader, version);

            Assert.Equal(bytes.Length, reader.Position);
            MessageModel.AssertEqual(spec, MessageModel.Decode(spec, bytes, version), reused, version);
            Assert.Equal(bytes, MessageModel.Encode(reused, version));
        }
    }

    [Fact]
    public void ReadFrom_SameTopicAgain_KeepsTheEntryObjectsAndTheNameString()
    {
        var message = new ProduceResponse();
        message.Responses.Add(new ProduceResponse.TopicProduceResponse { Name = "orders", PartitionResponses = [new ProduceResponse.PartitionProduceResponse { Index = 2 }] });
        var bytes = MessageModel.Encode(message, 11);
        var reused = new ProduceResponse();
        var reader = new ProtocolReader(bytes);
        reused.ReadFrom(ref reader, 11);
        var topic = reused.Responses[0];
        var partition = topic.PartitionResponses[0];
        var name = topic.Name;

        reader = new ProtocolReader(bytes);
        reused.ReadFrom(ref reader, 11);

        Assert.Same(topic, reused.Responses[0]);
        Assert.Same(partition, reused.Responses[0].PartitionResponses[0]);
        Assert.Same(name, reused.Responses[0].Name);
    }
}
