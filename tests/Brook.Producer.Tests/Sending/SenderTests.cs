using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metadata;
using Brook.Producer.Network;
using Brook.Producer.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Sending;

public sealed partial class SenderTests
{
    private const string Topic = "t";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeTransport _transport = new();
    private MetadataManager _metadata = null!;
    private RecordAccumulator _accumulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Sender Create(Acks acks = Acks.Leader, int retries = int.MaxValue, int maxInFlight = 5, int deliveryTimeoutMs = 120000, int partitions = 2, int lingerMs = 0, long bufferMemory = 32L * 1024 * 1024)
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            Acks = acks,
            EnableIdempotence = false,
            BatchSize = 1024,
            LingerMs = lingerMs,
            BufferMemory = bufferMemory,
            Retries = retries,
            MaxInFlightRequestsPerConnection = maxInFlight,
            DeliveryTimeoutMs = deliveryTimeoutMs,
            RequestTimeoutMs = 1000,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1000,
            TimeProvider = _time,
            RandomSeed = 3,
        }.Validate();
        var random = new RandomSource(3);
        _accumulator = new RecordAccumulator(options, new BufferPool(options.BufferMemory, options.BatchSize, _time), random);
        _metadata = new MetadataManager(_transport, MetadataSettings.From(options), _time, random);
        _metadata.Touch(Topic);
        _metadata.HandleResponse(MetadataWithLeaders(partitions, p => p % 2, epoch: 1));
        return new Sender(options, _accumulator, _metadata, _transport);
    }

    private static MetadataResponse MetadataWithLeaders(int partitions, Func<int, int> leader, int epoch)
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 2 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = Topic };
        for (var p = 0; p < partitions; p++)
        {
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = leader(p), LeaderEpoch = epoch });
        }

        response.Topics.Add(topic);
        return response;
    }

    private async Task<ProducerBatch> Append(int partition)
    {
        var result = await _accumulator.AppendAsync(Topic, partition, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, Ct);

        // The tests read the batch after it completed: like any holder past the append, they take a hold (never
        // released here), so it is not recycled under them. Recycling itself is covered by ProducerBatchPoolTests.
        result.Batch.Hold();
        return result.Batch;
    }

    // The fake completes requests synchronously (no async continuations), so each answer is queued before the pass.
    private static async Task<long> Pass(Sender sender) => await sender.RunOnceAsync();

    [Fact]
    public async Task RunOnce_ReadyBatches_SendsOneProduceRequestPerLeaderNode()
    {
        var sender = Create();
        await Append(0);
        await Append(1);

        await Pass(sender);

        var produces = _transport.Produces.ToList();
        Assert.Equal(2, produces.Count);
        Assert.Equal([0, 1], produces.Select(p => p.NodeId).Order());
        Assert.All(produces, p => Assert.Equal((short)1, p.Produce.Acks));
        Assert.All(produces, p => Assert.Single(p.Produce.TopicData[0].PartitionData));
    }

    [Fact]
    public async Task Response_Success_CompletesBatchWithOffsetAndPersisted()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);

        _transport.Produces.Single().Answer(baseOffset: 42, logAppendTime: 777);
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Null(batch.Error);
        Assert.Equal(42, batch.BaseOffset);
        Assert.Equal(777, batch.LogAppendTimeMs);
        Assert.Equal(PersistenceStatus.Persisted, batch.Status);
        Assert.Equal(0, _accumulator.IncompleteCount);
    }

    [Fact]
    public async Task Response_Handled_IsReleasedToTheTransportOnceAfterTheBatchCompleted()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);
        var metadataReleased = _transport.Released.Count;

        _transport.Produces.Single().Answer(baseOffset: 42);
        await Pass(sender);
        await Pass(sender);

        Assert.Equal(42, batch.BaseOffset); // read from the response before it went back
        var released = Assert.Single(_transport.Released.Skip(metadataReleased));
        Assert.IsType<ProduceResponse>(released);
    }

    [Fact]
    public async Task RetriableError_WaitsBackoffThenResends_AndSucceeds()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);
        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await Pass(sender);

        Assert.False(batch.IsDone);
        Assert.Equal(1, batch.Attempts);
        Assert.InRange(batch.RetryBackoffMs, 80, 120); // KIP-580: first retry 100 ms +-20 %
        Assert.Single(_transport.Produces);

        _time.Advance(TimeSpan.FromMilliseconds(79));
        await Pass(sender);
        Assert.Single(_transport.Produces);

        _time.Advance(TimeSpan.FromMilliseconds(42));
        await Pass(sender);
        Assert.Equal(2, _transport.Produces.Count());

        _transport.Produces.Last().Answer(baseOffset: 5);
        await Pass(sender);
        Assert.Equal(5, batch.BaseOffset);
        Assert.Equal(PersistenceStatus.Persisted, batch.Status);
    }

    [Fact]
    public async Task NotLeader_WithNewerLeaderHint_MovesBatchToNewLeaderWithoutBackoff()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);
        Assert.Equal(0, _transport.Produces.Single().NodeId);

        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotLeaderOrFollower, hintLeader: 1, hintEpoch: 2);
        await Pass(sender);

        Assert.True(_metadata.IsUpdateRequested);
        Assert.True(_metadata.TryGetLeader(new TopicPartition(Topic, 0), out var leader, out _));
        Assert.Equal(1, leader);
        var produces = _transport.Produces.ToList();
        Assert.Equal(2, produces.Count);
        Assert.Equal(1, produces[1].NodeId);
        Assert.False(batch.IsDone);
    }

    [Fact]
    public async Task NotLeader_WithStaleHint_KeepsLeaderAndBacksOff()
    {
        var sender = Create();
        await Append(0);
        await Pass(sender);

        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotLeaderOrFollower, hintLeader: 1, hintEpoch: 1);
        await Pass(sender);

        Assert.True(_metadata.TryGetLeader(new TopicPartition(Topic, 0), out var leader, out _));
        Assert.Equal(0, leader);
        Assert.Single(_transport.Produces);
        Assert.Contains(_transport.Requests, r => r.Request is MetadataRequest);
    }

    [Fact]
    public async Task NotLeader_ForTwoBatchesOfOneAnswer_RequestsOneMetadataUpdate()
    {
        var sender = Create(partitions: 4); // partitions 0 and 2 on node 0
        await Append(0);
        await Append(2);
        await Pass(sender);
        var before = _metadata.UpdateRequestCount;

        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotLeaderOrFollower);
        await Pass(sender);

        Assert.Equal(1, _metadata.UpdateRequestCount - before);
        Assert.True(_metadata.IsUpdateRequested);
    }

    [Fact]
    public async Task Disconnect_WithTwoBatchesInFlight_RequestsOneMetadataUpdate()
    {
        var sender = Create(partitions: 4);
        await Append(0);
        await Append(2);
        await Pass(sender);
        var before = _metadata.UpdateRequestCount;

        _transport.Produces.Single().Completion.SetException(new KafkaException(ErrorCode.NetworkException, "NETWORK_EXCEPTION: connection closed (test)."));
        await Pass(sender);

        Assert.Equal(1, _metadata.UpdateRequestCount - before);
        Assert.True(_metadata.IsUpdateRequested);
    }

    [Fact]
    public async Task NonRetriableError_FailsBatchWithNameAndFix_NotPersisted()
    {
        var sender = Create();
        var batch = await Append(0);
        await Pass(sender);
        _transport.Produces.Single().Answer(error: (short)ErrorCode.InvalidRecord);
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Equal(ErrorCode.InvalidRecord, batch.Error!.ErrorCode);
        Assert.Contains("INVALID_RECORD", batch.Error.Message, StringComparison.Ordinal);
        Assert.Equal(PersistenceStatus.NotPersisted, batch.Status);
        Assert.Equal(0, _accumulator.IncompleteCount);
    }

    [Fact]
    public async Task RetriesExhausted_FailsWithLastError()
    {
        var sender = Create(retries: 1);
        var batch = await Append(0);
        await Pass(sender);
        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await Pass(sender);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await Pass(sender);
        _transport.Produces.Last().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await Pass(sender);

        Assert.Equal(2, _transport.Produces.Count());
        Assert.True(batch.IsDone);
        Assert.Equal(ErrorCode.NotEnoughReplicas, batch.Error!.ErrorCode);
    }

    [Fact]
    public async Task Disconnect_AfterWrite_FailsPossiblyPersistedWhenNoRetriesLeft()
    {
        var sender = Create(retries: 0);
        var batch = await Append(0);
        await Pass(sender);
        _transport.Produces.Single().Completion.SetException(new KafkaException(ErrorCode.NetworkException, "NETWORK_EXCEPTION: closed"));
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Equal(ErrorCode.NetworkException, batch.Error!.ErrorCode);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, batch.Status);
        Assert.True(_metadata.IsUpdateRequested);
    }

    [Fact]
    public async Task Disconnect_BeforeSendReturns_StillPossiblyPersisted()
    {
        // The caller writes the request itself: another thread may close the connection after the bytes went out and
        // before SendAsync returns, so an early failure alone does not prove the batch never reached the broker.
        var sender = Create(retries: 0);
        var batch = await Append(0);
        _transport.FailNextSynchronously = new KafkaException(ErrorCode.NetworkException, "NETWORK_EXCEPTION: closed");
        await Pass(sender);
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, batch.Status);
    }

    [Fact]
    public async Task TransportThrows_RequestFailsLikeAnyOther_AndTheReusedGraphStartsEmpty()
    {
        _transport.FramesRequestsOnSend = true; // the sender reuses one request graph
        var sender = Create(retries: 0);
        var first = await Append(0);
        _transport.ThrowNext = new KafkaException(ErrorCode.UnsupportedVersion, "UNSUPPORTED_VERSION: no Produce version in common");
        await Pass(sender);
        await Pass(sender);
        Assert.True(first.IsDone);
        Assert.Equal(ErrorCode.UnsupportedVersion, first.Error!.ErrorCode);

        var second = await Append(1);
        await Pass(sender);

        Assert.Equal([1, 1], _transport.PartitionsAtSend); // nothing left over from the thrown request
        Assert.False(second.IsDone); // sent, awaiting its answer (not stuck behind the failed request)
        Assert.Single(_transport.Produces);
    }

    [Fact]
    public async Task RefusedBeforeQueuing_FailsNotPersisted()
    {
        var sender = Create(retries: 0);
        var batch = await Append(0);
        _transport.FailNextSynchronously = new RequestNotSentException("NETWORK_EXCEPTION: node 0 is not ready: no connection.");
        await Pass(sender);
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Equal(ErrorCode.NetworkException, batch.Error!.ErrorCode);
        Assert.Equal(PersistenceStatus.NotPersisted, batch.Status);
    }

    [Fact]
    public async Task Disconnect_WithRetries_ResendsAndStatusStaysPossiblyPersistedOnLaterRejection()
    {
        var sender = Create(retries: 1);
        var batch = await Append(0);
        await Pass(sender);
        _transport.Produces.Single().Completion.SetException(new KafkaTimeoutException("request.timeout.ms"));
        await Pass(sender);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await Pass(sender);
        _transport.Produces.Last().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, batch.Status); // only moves upward (§13)
    }

    [Fact]
    public async Task AcksZero_CompletesOnWriteWithUnknownOffset()
    {
        var sender = Create(acks: Acks.None);
        var batch = await Append(0);
        await Pass(sender);
        await Pass(sender);

        Assert.Equal((short)0, _transport.Produces.Single().Produce.Acks);
        Assert.True(batch.IsDone);
        Assert.Null(batch.Error);
        Assert.Equal(-1, batch.BaseOffset);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, batch.Status);
    }

    [Fact]
    public async Task MaxInFlightOne_PartitionMutedUntilResponse()
    {
        var sender = Create(maxInFlight: 1, partitions: 1);
        await Append(0);
        await Pass(sender);
        _accumulator.BeginFlush();
        var second = await Append(0);
        await Pass(sender);
        Assert.Single(_transport.Produces);

        _transport.Produces.Single().Answer(baseOffset: 0);
        await Pass(sender);
        await Pass(sender);
        Assert.Equal(2, _transport.Produces.Count());
        _transport.Produces.Last().Answer(baseOffset: 1);
        await Pass(sender);
        Assert.Equal(1, second.BaseOffset);
    }

    [Fact]
    public async Task MaxInFlight_LimitsRequestsPerNode()
    {
        var sender = Create(maxInFlight: 2, partitions: 1);
        for (var i = 0; i < 4; i++)
        {
            var batch = await Append(0);
            batch.CloseForAppends();
            await Pass(sender);
        }

        Assert.Equal(2, _transport.Produces.Count());
        _transport.Produces.First().Answer();
        await Pass(sender);
        Assert.Equal(3, _transport.Produces.Count());
    }

    [Fact]
    public async Task DeliveryTimeout_InFlightBatchExpires_LateResponseIgnored()
    {
        var sender = Create(deliveryTimeoutMs: 5000);
        var batch = await Append(0);
        await Pass(sender);
        _time.Advance(TimeSpan.FromMilliseconds(5000));
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.IsType<KafkaTimeoutException>(batch.Error);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, batch.Status);

        _transport.Produces.Single().Answer(baseOffset: 9);
        await Pass(sender);
        Assert.Equal(-1, batch.BaseOffset);
    }

    [Fact]
    public async Task DeliveryTimeout_QueuedBatchWithoutLeader_FailsNotPersisted()
    {
        var sender = Create(deliveryTimeoutMs: 5000);
        _transport.Down.Add(0);
        _transport.MetadataNode = null;
        var batch = await Append(0);
        await Pass(sender);
        Assert.Empty(_transport.Produces);

        _time.Advance(TimeSpan.FromMilliseconds(5000));
        await Pass(sender);

        Assert.True(batch.IsDone);
        Assert.Contains("delivery.timeout.ms", batch.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("no ready connection to its leader, node 0", batch.Error.Message, StringComparison.Ordinal);
        Assert.Equal(PersistenceStatus.NotPersisted, batch.Status);
    }

    [Fact]
    public async Task UnknownLeader_SendsMetadataRequestAndAppliesResponse()
    {
        var sender = Create();
        _metadata.HandleResponse(MetadataWithLeaders(2, _ => -1, epoch: 2));
        var batch = await Append(0);
        await Pass(sender);

        var metadataRequest = _transport.Requests.Single(r => r.Request is MetadataRequest);
        Assert.Contains(((MetadataRequest)metadataRequest.Request).Topics!, t => t.Name == Topic);
        metadataRequest.Completion.SetResult(MetadataWithLeaders(2, _ => 1, epoch: 3));
        await Pass(sender);
        await Pass(sender);

        Assert.Equal(1, _transport.Produces.Single().NodeId);
        Assert.Equal(2, _transport.Nodes.Count);
        Assert.False(batch.IsDone);
    }

    [Fact]
    public async Task WaitForUnknownTopic_SenderFetchesItOnTheNextPass_AndReleasesTheWaiter()
    {
        var sender = Create();
        var wait = _metadata.WaitForTopicAsync("other", 5000, Ct).AsTask();
        await Pass(sender);

        var sent = _transport.Requests.Single(r => r.Request is MetadataRequest);
        Assert.Equal(["other", Topic], ((MetadataRequest)sent.Request).Topics!.Select(t => t.Name).Order(StringComparer.Ordinal));
        var response = MetadataWithLeaders(2, _ => 0, epoch: 1);
        response.Topics.Add(new MetadataResponse.MetadataResponseTopic
        {
            Name = "other",
            Partitions = [new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = 1, LeaderEpoch = 0 }],
        });
        sent.Completion.SetResult(response);
        await Pass(sender);

        var topic = await wait.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.Equal(1, topic.PartitionCount);
        Assert.Equal(1, _metadata.Current.Leader("other", 0)!.Value.NodeId);
    }

    [Fact]
    public async Task MetadataRequestFailure_BacksOffBeforeTheNextMetadataRequest()
    {
        var sender = Create();
        _metadata.RequestUpdate();
        await Pass(sender);
        _transport.Requests.Single(r => r.Request is MetadataRequest).Completion.SetException(new KafkaException(ErrorCode.NetworkException, "gone"));

        var sleep = await Pass(sender);
        Assert.Single(_transport.Requests, r => r.Request is MetadataRequest);
        Assert.InRange(sleep, 1, 120);

        _time.Advance(TimeSpan.FromMilliseconds(120));
        await Pass(sender);
        Assert.Equal(2, _transport.Requests.Count(r => r.Request is MetadataRequest));
    }

    [Fact]
    public async Task Close_FailsWhatRemainsAsProducerClosed()
    {
        var sender = Create();
        _transport.Down.Add(0);
        var batch = await Append(0);
        await sender.CloseAsync(0);

        Assert.True(batch.IsDone);
        Assert.Contains("closed", batch.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(PersistenceStatus.NotPersisted, batch.Status);
    }

    [Fact]
    public async Task MessageTooLarge_MultiRecordBatch_SplitsAndResends_OriginalCompletesWhenPiecesDo()
    {
        var sender = Create(retries: 0);
        var batch = await Append(0);
        await Append(0);
        await Append(0);
        await Pass(sender);
        Assert.Equal(3, batch.RecordCount);

        _transport.Produces.Single().Answer(error: (short)ErrorCode.MessageTooLarge);
        await Pass(sender);
        await Pass(sender);

        Assert.False(batch.IsDone); // not failed, not counted as a retry (retries = 0)
        var resent = _transport.Produces.Skip(1).ToList();
        Assert.NotEmpty(resent);
        foreach (var request in resent)
        {
            request.Answer(baseOffset: 10);
            await Pass(sender);
        }

        Assert.True(batch.IsDone);
        Assert.Null(batch.Error);
        Assert.Equal(PersistenceStatus.Persisted, batch.Status);
    }

    // Responses complete on I/O threads and the loop learns of them through asynchronous continuations, which the
    // thread pool may run in either order; the sender must still complete a node's requests in send order.
    [Fact]
    public async Task Responses_QueuedOutOfOrder_CompleteBatchesOfAPartitionInSendOrder()
    {
        var sender = Create();
        var completed = new List<ProducerBatch>();
        _accumulator.CompletionSink = new RecordingSink(completed);
        var first = await Append(0);
        await Pass(sender);
        var second = await Append(0);
        await Pass(sender);
        var produces = _transport.Produces.ToList();
        Assert.Equal(2, produces.Count);

        produces[1].Answer(baseOffset: 1);
        await Pass(sender);

        Assert.False(second.IsDone); // its answer waits for the earlier request's
        Assert.Empty(completed);

        produces[0].Answer(baseOffset: 0);
        await Pass(sender);

        Assert.Equal([first, second], completed);
        Assert.Equal(0, first.BaseOffset);
        Assert.Equal(1, second.BaseOffset);
    }

    private sealed class RecordingSink(List<ProducerBatch> completed) : IBatchCompletionSink
    {
        public void Enqueue(ProducerBatch batch)
        {
            completed.Add(batch);
            batch.DispatchRecords();
        }
    }
}
