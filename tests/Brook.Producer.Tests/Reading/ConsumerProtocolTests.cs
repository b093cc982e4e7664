using Brook.Producer.Reading;

namespace Brook.Producer.Tests.Reading;

public sealed class ConsumerProtocolTests
{
    [Fact]
    public void Subscription_Version0_HasTheDocumentedBytes()
    {
        // int16 version 0 | array of 1 string: int16 length 1, "t" | user_data null (int32 -1)
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 0, 1, (byte)'t', 0xFF, 0xFF, 0xFF, 0xFF }, ConsumerProtocol.Subscription("t"));
    }

    [Fact]
    public void Subscription_RoundTripsTheTopic()
    {
        Assert.Equal(["orders"], ConsumerProtocol.ReadSubscriptionTopics(ConsumerProtocol.Subscription("orders")));
    }

    [Fact]
    public void Assignment_RoundTripsOnlyTheAskedTopicsPartitionsSorted()
    {
        var bytes = ConsumerProtocol.Assignment("orders", [4, 1, 2]);

        Assert.Equal([1, 2, 4], ConsumerProtocol.ReadAssignment(bytes, "orders"));
        Assert.Empty(ConsumerProtocol.ReadAssignment(bytes, "other"));
    }

    [Fact]
    public void ReadAssignment_EmptyBytes_MeansNoPartitions()
    {
        Assert.Empty(ConsumerProtocol.ReadAssignment([], "orders"));
    }

    [Fact]
    public void ReadAssignment_NewerVersionThanKnown_ReadsTheKnownFields()
    {
        // version 9 (unknown) with the version 0..3 layout of one topic, partition 5, null user data
        byte[] bytes = [0, 9, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0xFF];

        Assert.Equal([5], ConsumerProtocol.ReadAssignment(bytes, "t"));
    }
}
