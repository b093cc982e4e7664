using Brook.Cluster.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests.Handlers;

/// <summary>The transaction APIs over the wire: coordinator routing, error-version mapping, Produce checks, read_committed Fetch.</summary>
public sealed class TransactionHandlersTests : IAsyncLifetime
{
    private const string Id = "wire-txn";
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)),
        });
        _cluster.CreateTopic("t", partitions: 2);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task InitProducerId_RoutesToTheCoordinatorAndMapsFencedByVersion()
    {
        var coordinator = _cluster.State.Transactions.CoordinatorFor(Id);
        await using (var other = await TestKafkaClient.ConnectAsync(PortOf((coordinator + 1) % 3)))
        {
            var refused = await other.RoundTripAsync(ApiKey.InitProducerId, 4, Init(), Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
            Assert.Equal((short)ErrorCode.NotCoordinator, refused.ErrorCode);
        }

        await using var client = await TestKafkaClient.ConnectAsync(PortOf(coordinator));
        var first = await client.RoundTripAsync(ApiKey.InitProducerId, 4, Init(), Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
        Assert.Equal((short)ErrorCode.None, first.ErrorCode);

        var stale = Init();
        stale.ProducerId = first.ProducerId + 7;
        stale.ProducerEpoch = first.ProducerEpoch;
        var v4 = await client.RoundTripAsync(ApiKey.InitProducerId, 4, stale, Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
        var v3 = await client.RoundTripAsync(ApiKey.InitProducerId, 3, stale, Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
        Assert.Equal((short)ErrorCode.ProducerFenced, v4.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, v3.ErrorCode);

        var endV1 = await client.RoundTripAsync(ApiKey.EndTxn, 1, End(first.ProducerId, (short)(first.ProducerEpoch + 1)), Read<EndTxnResponse>(EndTxnResponse.Read));
        var endV3 = await client.RoundTripAsync(ApiKey.EndTxn, 3, End(first.ProducerId, (short)(first.ProducerEpoch + 1)), Read<EndTxnResponse>(EndTxnResponse.Read));
        Assert.Equal((short)ErrorCode.InvalidProducerEpoch, endV1.ErrorCode);
        Assert.Equal((short)ErrorCode.ProducerFenced, endV3.ErrorCode);
    }

    [Fact]
    public async Task TransactionalProduceAndReadCommittedFetch_FollowTheTransaction()
    {
        var coordinator = _cluster.State.Transactions.CoordinatorFor(Id);
        await using var txn = await TestKafkaClient.ConnectAsync(PortOf(coordinator));
        var init = await txn.RoundTripAsync(ApiKey.InitProducerId, 4, Init(), Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
        var (pid, epoch) = (init.ProducerId, init.ProducerEpoch);
        var add = await txn.RoundTripAsync(
            ApiKey.AddPartitionsToTxn,
            3,
            new AddPartitionsToTxnRequest { TransactionalId = Id, ProducerId = pid, ProducerEpoch = epoch, Topics = [new() { Name = "t", Partitions = [0] }] },
            Read<AddPartitionsToTxnResponse>(AddPartitionsToTxnResponse.Read));
        Assert.Equal((short)ErrorCode.None, add.Results[0].ResultsByPartition[0].PartitionErrorCode);

        await using var leader = await TestKafkaClient.ConnectAsync(PortOf(_cluster.GetPartition("t", 1).Leader));
        var notAdded = await leader.RoundTripAsync(ApiKey.Produce, 9, ProduceOf(1, TestBatches.Create(2, pid, epoch, 0, attributes: 0x10)), Decode.Produce);
        Assert.Equal((short)ErrorCode.InvalidTxnState, notAdded.Responses[0].PartitionResponses[0].ErrorCode);

        await using var leader0 = await TestKafkaClient.ConnectAsync(PortOf(_cluster.GetPartition("t", 0).Leader));
        var added = await leader0.RoundTripAsync(ApiKey.Produce, 9, ProduceOf(0, TestBatches.Create(2, pid, epoch, 0, attributes: 0x10)), Decode.Produce);
        Assert.Equal((short)ErrorCode.None, added.Responses[0].PartitionResponses[0].ErrorCode);

        var open = await leader0.RoundTripAsync(ApiKey.Fetch, 12, FetchOf(readCommitted: true), Decode.Fetch);
        Assert.Equal(0, open.Responses[0].Partitions[0].LastStableOffset);
        Assert.Equal(2, open.Responses[0].Partitions[0].HighWatermark);
        Assert.True(open.Responses[0].Partitions[0].Records.GetValueOrDefault().IsEmpty);

        var end = await txn.RoundTripAsync(ApiKey.EndTxn, 3, End(pid, epoch, commit: false), Read<EndTxnResponse>(EndTxnResponse.Read));
        Assert.Equal((short)ErrorCode.None, end.ErrorCode);

        var done = await leader0.RoundTripAsync(ApiKey.Fetch, 12, FetchOf(readCommitted: true), Decode.Fetch);
        var partition = done.Responses[0].Partitions[0];
        Assert.Equal(3, partition.LastStableOffset);
        Assert.False(partition.Records.GetValueOrDefault().IsEmpty);
        var aborted = Assert.Single(partition.AbortedTransactions!);
        Assert.Equal((pid, 0L), (aborted.ProducerId, aborted.FirstOffset));

        var list = await leader0.RoundTripAsync(
            ApiKey.ListOffsets,
            7,
            new ListOffsetsRequest { IsolationLevel = 1, Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }] },
            Read<ListOffsetsResponse>(ListOffsetsResponse.Read));
        Assert.Equal(3, list.Topics[0].Partitions[0].Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task AddOffsetsToTxn_NonFlexibleAndFlexible_StartsTheTransaction(short version)
    {
        var id = $"wire-offsets-{version}";
        await using var txn = await TestKafkaClient.ConnectAsync(PortOf(_cluster.State.Transactions.CoordinatorFor(id)));
        var init = await txn.RoundTripAsync(ApiKey.InitProducerId, 4, new InitProducerIdRequest { TransactionalId = id, TransactionTimeoutMs = 60_000 }, Read<InitProducerIdResponse>(InitProducerIdResponse.Read));

        var add = await txn.RoundTripAsync(
            ApiKey.AddOffsetsToTxn,
            version,
            new AddOffsetsToTxnRequest { TransactionalId = id, ProducerId = init.ProducerId, ProducerEpoch = init.ProducerEpoch, GroupId = "offsets-group" },
            Read<AddOffsetsToTxnResponse>(AddOffsetsToTxnResponse.Read));

        Assert.Equal((short)ErrorCode.None, add.ErrorCode);
        Assert.Equal(Brook.Cluster.Transactions.TransactionState.Ongoing, _cluster.GetTransaction(id)!.State);
    }

    [Fact]
    public async Task OffsetFetch_RequireStable_IsUnstableWhileATransactionalCommitIsPending()
    {
        const string id = "wire-stable";
        const string group = "stable-group";
        await using var txn = await TestKafkaClient.ConnectAsync(PortOf(_cluster.State.Transactions.CoordinatorFor(id)));
        await using var coordinator = await TestKafkaClient.ConnectAsync(PortOf(_cluster.State.CoordinatorFor(group)));
        var init = await txn.RoundTripAsync(ApiKey.InitProducerId, 4, new InitProducerIdRequest { TransactionalId = id, TransactionTimeoutMs = 60_000 }, Read<InitProducerIdResponse>(InitProducerIdResponse.Read));
        await txn.RoundTripAsync(ApiKey.AddOffsetsToTxn, 3, new AddOffsetsToTxnRequest { TransactionalId = id, ProducerId = init.ProducerId, ProducerEpoch = init.ProducerEpoch, GroupId = group }, Read<AddOffsetsToTxnResponse>(AddOffsetsToTxnResponse.Read));
        var staged = await coordinator.RoundTripAsync(
            ApiKey.TxnOffsetCommit,
            3,
            new TxnOffsetCommitRequest { TransactionalId = id, GroupId = group, ProducerId = init.ProducerId, ProducerEpoch = init.ProducerEpoch, Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 9 }] }] },
            Read<TxnOffsetCommitResponse>(TxnOffsetCommitResponse.Read));
        Assert.Equal(0, staged.Topics[0].Partitions[0].ErrorCode);
        var ask = new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = "t", PartitionIndexes = [0, 1] }] };

        var loose = await coordinator.RoundTripAsync(ApiKey.OffsetFetch, 7, ask, Read<OffsetFetchResponse>(OffsetFetchResponse.Read));
        ask.RequireStable = true;
        var stable = await coordinator.RoundTripAsync(ApiKey.OffsetFetch, 7, ask, Read<OffsetFetchResponse>(OffsetFetchResponse.Read));
        await txn.RoundTripAsync(ApiKey.EndTxn, 3, new EndTxnRequest { TransactionalId = id, ProducerId = init.ProducerId, ProducerEpoch = init.ProducerEpoch, Committed = true }, Read<EndTxnResponse>(EndTxnResponse.Read));
        var committed = await coordinator.RoundTripAsync(ApiKey.OffsetFetch, 7, ask, Read<OffsetFetchResponse>(OffsetFetchResponse.Read));

        Assert.Equal([(0, -1L), (0, -1L)], loose.Topics[0].Partitions.Select(p => (p.ErrorCode, p.CommittedOffset)));
        Assert.Equal([((short)ErrorCode.UnstableOffsetCommit, -1L), (0, -1L)], stable.Topics[0].Partitions.Select(p => (p.ErrorCode, p.CommittedOffset)));
        Assert.Equal([(0, 9L), (0, -1L)], committed.Topics[0].Partitions.Select(p => (p.ErrorCode, p.CommittedOffset)));
    }

    private delegate T Reader<out T>(ref ProtocolReader reader, short version);

    private static Func<ReadOnlyMemory<byte>, short, T> Read<T>(Reader<T> read) => (body, version) =>
    {
        var r = new ProtocolReader(body);
        return read(ref r, version);
    };

    private static InitProducerIdRequest Init() => new() { TransactionalId = Id, TransactionTimeoutMs = 60_000 };

    private static EndTxnRequest End(long pid, short epoch, bool commit = true) =>
        new() { TransactionalId = Id, ProducerId = pid, ProducerEpoch = epoch, Committed = commit };

    private static ProduceRequest ProduceOf(int partition, byte[] batch) => new()
    {
        TransactionalId = Id,
        Acks = -1,
        TimeoutMs = 5000,
        TopicData = [new ProduceRequest.TopicProduceData { Name = "t", PartitionData = [new ProduceRequest.PartitionProduceData { Index = partition, Records = batch }] }],
    };

    private static FetchRequest FetchOf(bool readCommitted) => new()
    {
        MaxWaitMs = 0,
        MaxBytes = 1 << 20,
        IsolationLevel = (sbyte)(readCommitted ? 1 : 0),
        Topics = [new FetchRequest.FetchTopic { Topic = "t", Partitions = [new() { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
    };

    private int PortOf(int broker) => int.Parse(_cluster.BootstrapServers.Split(',')[broker].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
}
