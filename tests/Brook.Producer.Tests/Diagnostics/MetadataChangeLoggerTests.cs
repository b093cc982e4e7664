using Brook.Producer.Diagnostics;
using Brook.Producer.Internals;
using Brook.Producer.Metadata;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Diagnostics;

public sealed class MetadataChangeLoggerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly CapturingLoggerFactory _logs = new();

    private static MetadataResponse Response(params (int Leader, int Epoch)[] partitions)
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 2 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = "t" };
        for (var p = 0; p < partitions.Length; p++)
        {
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = partitions[p].Leader, LeaderEpoch = partitions[p].Epoch });
        }

        response.Topics.Add(topic);
        return response;
    }

    private MetadataManager Create()
    {
        var options = new ProducerOptions { BootstrapServers = "localhost:9092", TimeProvider = _time }.Validate();
        var metadata = new MetadataManager(new FakeTransport(), MetadataSettings.From(options), _time, new RandomSource(1));
        metadata.Touch("t");
        _ = new MetadataChangeLogger(metadata, _logs.CreateLogger(LogCategories.Metadata));
        return metadata;
    }

    [Fact]
    public void Refresh_LeaderMoved_LogsLeaderChangedForThatPartitionOnly()
    {
        var metadata = Create();
        metadata.HandleResponse(Response((0, 1), (1, 1)));
        metadata.HandleResponse(Response((1, 2), (1, 1)));

        var entry = Assert.Single(_logs.WithEvent(LogEvents.LeaderChanged));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("Leader of t-0 changed from 0 to 1 (leader epoch 1 -> 2); -1 means no leader", entry.Message);
        Assert.Equal(2, _logs.WithEvent(LogEvents.MetadataRefreshed).Count());
    }

    [Fact]
    public void Refresh_FirstSightOfTopic_LogsNoLeaderChange()
    {
        var metadata = Create();
        metadata.HandleResponse(Response((0, 1)));

        Assert.Empty(_logs.WithEvent(LogEvents.LeaderChanged));
        Assert.Contains("2 broker(s), 1 topic(s)", Assert.Single(_logs.WithEvent(LogEvents.MetadataRefreshed)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_SameLeaderNewerEpoch_LogsLeaderChanged()
    {
        var metadata = Create();
        metadata.HandleResponse(Response((0, 1)));
        metadata.HandleResponse(Response((0, 3)));

        Assert.Contains("from 0 to 0 (leader epoch 1 -> 3)", Assert.Single(_logs.WithEvent(LogEvents.LeaderChanged)).Message, StringComparison.Ordinal);
    }
}
