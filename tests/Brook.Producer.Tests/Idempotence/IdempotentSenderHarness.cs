using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metadata;
using Brook.Producer.Sending;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Idempotence;

/// <summary>An idempotent Sender over a scripted transport and a fake clock (Kafka SenderTest + MockClient style).</summary>
internal sealed class IdempotentSenderHarness
{
    public const string Topic = "t";

    public IdempotentSenderHarness(int partitions = 2, int deliveryTimeoutMs = 120000, int retries = int.MaxValue)
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            Acks = Acks.All,
            EnableIdempotence = true,
            BatchSize = 1024,
            LingerMs = 0,
            Retries = retries,
            MaxInFlightRequestsPerConnection = 5,
            DeliveryTimeoutMs = deliveryTimeoutMs,
            RequestTimeoutMs = 1000,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1000,
            TimeProvider = Time,
            RandomSeed = 3,
        }.Validate();
        var random = new RandomSource(3);
        Sequencer = new IdempotentSequencer(transactional: false);
        Pool = new BufferPool(options.BufferMemory, options.BatchSize, Time);
        Accumulator = new RecordAccumulator(options, Pool, random, sequencer: Sequencer);
        Metadata = new MetadataManager(Transport, MetadataSettings.From(options), Time, random);
        Metadata.Touch(Topic);
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 2 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = Topic };
        for (var p = 0; p < partitions; p++)
        {
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = p % 2, LeaderEpoch = 1 });
        }

        response.Topics.Add(topic);
        Metadata.HandleResponse(response);
        Sender = new Sender(options, Accumulator, Metadata, Transport);
        Source = new InitProducerIdSource(Transport, ExponentialBackoff.ForRetries(options, random), Sender.Wakeup);
        Manager = new ProducerIdManager(Sequencer, Source);
        Sender.Idempotence = Manager;
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));

    public FakeTransport Transport { get; } = new();

    public IdempotentSequencer Sequencer { get; }

    public RecordAccumulator Accumulator { get; }

    public BufferPool Pool { get; }

    public MetadataManager Metadata { get; }

    public Sender Sender { get; }

    public InitProducerIdSource Source { get; }

    public ProducerIdManager Manager { get; }

    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public IEnumerable<FakeTransport.Sent> InitRequests => Transport.Requests.Where(r => r.Request is InitProducerIdRequest);

    public List<FakeTransport.Sent> Produces => Transport.Produces.ToList();

    public async Task<ProducerBatch> Append(int partition = 0, int records = 1)
    {
        ProducerBatch? batch = null;
        for (var i = 0; i < records; i++)
        {
            var result = await Accumulator.AppendAsync(Topic, partition, new RecordPayload(Now, default, true, new byte[10], false, default), Metadata, 1000, TestContext.Current.CancellationToken);
            batch = result.Batch;
        }

        // Close it so the next append opens a new batch (one batch per test step). The tests read it after it
        // completed, so they hold it (never released: it is not recycled under them; see ProducerBatchPoolTests).
        batch!.CloseForAppends();
        batch.Hold();
        return batch;
    }

    public async Task Pass() => await Sender.RunOnceAsync();

    /// <summary>Answers the pending InitProducerId and runs a pass so the id is applied.</summary>
    public async Task GrantProducerId(long producerId = 7, short epoch = 0)
    {
        await Pass();
        var init = InitRequests.Last(r => !r.Completion.Task.IsCompleted);
        init.Completion.SetResult(new InitProducerIdResponse { ProducerId = producerId, ProducerEpoch = epoch });
        await Pass();
    }

    public static void AnswerInit(FakeTransport.Sent sent, ErrorCode error, long producerId = -1, short epoch = -1) =>
        sent.Completion.SetResult(new InitProducerIdResponse { ErrorCode = (short)error, ProducerId = producerId, ProducerEpoch = epoch });
}
