using Brook.Cluster.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Tests.Handlers;

/// <summary>OffsetForLeaderEpoch over a raw socket in the non-flexible v3 and the flexible v4.</summary>
public sealed class OffsetForLeaderEpochHandlerTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 3 });
        _cluster.CreateTopic("t", 1, 3);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Request_AfterALeaderMove_AnswersEachEpochsEndAndFencesStaleLeaderEpochs(short version)
    {
        var partition = _cluster.State.FindPartition("t", 0)!;
        await partition.AppendAsync(partition.LeaderId, TestBatches.Create(records: 3), -1, 30_000, 9);
        var next = partition.Replicas.First(r => r.BrokerId != partition.LeaderId).BrokerId;
        _cluster.Faults.MoveLeader("t", 0, next);
        await partition.AppendAsync(next, TestBatches.Create(records: 2), -1, 30_000, 9);
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(next));

        var answer = await client.RoundTripAsync(ApiKey.OffsetForLeaderEpoch, version, Request(version, (-1, 0), (1, 1), (-1, 9), (0, 0)), Dec);

        var parts = Assert.Single(answer.Topics).Partitions;
        Assert.Equal((0, 0, 3L), (parts[0].ErrorCode, parts[0].LeaderEpoch, parts[0].EndOffset));
        Assert.Equal((0, 1, 5L), (parts[1].ErrorCode, parts[1].LeaderEpoch, parts[1].EndOffset));
        Assert.Equal((0, -1, -1L), (parts[2].ErrorCode, parts[2].LeaderEpoch, parts[2].EndOffset));
        Assert.Equal((short)ErrorCode.FencedLeaderEpoch, parts[3].ErrorCode);
    }

    [Fact]
    public async Task Request_ToAFollowerOrForAnUnknownPartition_AnswersTheErrorPerPartition()
    {
        var partition = _cluster.State.FindPartition("t", 0)!;
        var follower = partition.Replicas.First(r => r.BrokerId != partition.LeaderId).BrokerId;
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(follower));
        var request = new OffsetForLeaderEpochRequest
        {
            ReplicaId = -1,
            Topics = [new() { Topic = "t", Partitions = [new() { Partition = 0, LeaderEpoch = 0, CurrentLeaderEpoch = -1 }, new() { Partition = 5, LeaderEpoch = 0 }] }],
        };

        var answer = await client.RoundTripAsync(ApiKey.OffsetForLeaderEpoch, 4, request, Dec);

        Assert.Equal(
            [(short)ErrorCode.NotLeaderOrFollower, (short)ErrorCode.UnknownTopicOrPartition],
            answer.Topics[0].Partitions.Select(p => p.ErrorCode));
    }

    private static OffsetForLeaderEpochRequest Request(short version, params (int Current, int Epoch)[] asks)
    {
        var topic = new OffsetForLeaderEpochRequest.OffsetForLeaderTopic { Topic = "t" };
        foreach (var (current, epoch) in asks)
        {
            topic.Partitions.Add(new() { Partition = 0, CurrentLeaderEpoch = current, LeaderEpoch = epoch });
        }

        return new OffsetForLeaderEpochRequest { ReplicaId = version >= 3 ? -1 : -2, Topics = [topic] };
    }

    private static OffsetForLeaderEpochResponse Dec(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return OffsetForLeaderEpochResponse.Read(ref reader, version);
    }

    private int PortOf(int broker) => int.Parse(_cluster.BootstrapServers.Split(',')[broker].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
}
