using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Sending;

/// <summary>
/// UNKNOWN_TOPIC_OR_PARTITION in a Produce answer (the broker no longer leads or knows the partition, e.g. after a
/// reassignment or a topic re-creation) is retriable and, like NOT_LEADER_OR_FOLLOWER, stale metadata: Java's Sender
/// requests a metadata update for it (InvalidMetadataException).
/// </summary>
public sealed partial class SenderTests
{
    [Fact]
    public async Task UnknownTopicOrPartition_InProduceAnswer_RetriesTheBatchAndRefreshesMetadata()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);
        var before = _metadata.UpdateRequestCount;

        _transport.Produces.Single().Answer(error: (short)ErrorCode.UnknownTopicOrPartition);
        await Pass(sender);

        Assert.False(batch.IsDone); // retried, not failed
        Assert.Equal(1, batch.Attempts);
        Assert.Equal(1, _metadata.UpdateRequestCount - before);
        Assert.Contains(_transport.Requests, r => r.Request is MetadataRequest);
    }
}
