using BenchmarkDotNet.Attributes;
using Brook.Producer;
using Brook.Producer.Accumulator;
using Brook.Protocol.Records;

namespace Brook.Benchmarks.HotPath;

/// <summary>
/// The completion side per record: a handle rented and registered on a batch (as the append does under the partition
/// lock), then the batch completed and its records dispatched — <c>DeliveryHandle.Complete/Finish</c>, the user's
/// static handler, the handle's return to the pool — as the completion thread does. Goal: 0 B per record.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const string Topic = "dispatch";
    private const int RecordsPerBatch = 1_000;

    private static readonly Action<DeliveryResult<Null, byte[]>, StrongBoxCounter> OnDelivery = static (result, counter) => counter.Add(result.Offset.Value);

    private readonly StrongBoxCounter _counter = new();
    private readonly TopicPartition _target = new(Topic, 0);
    private KafkaProducer<Null, byte[]> _producer = null!;
    private Message<Null, byte[]> _message = null!;
    private RecordBatchBuilder _builder = null!;

    /// <summary>Handles in the producer's pool: 1,000 stay in cache, 200,000 (~50 MB with their boxes) do not.</summary>
    [Params(1_000, 200_000)]
    public int PooledHandles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new ProducerOptions { BootstrapServers = "127.0.0.1:1", Acks = Acks.Leader, EnableIdempotence = false };
        _producer = new KafkaProducer<Null, byte[]>(options, null, null, new InstantTransport(Topic, 1));
        _message = new Message<Null, byte[]> { Value = BenchmarkData.Payload(100) };
        _builder = new RecordBatchBuilder(1024);
        var handles = new DeliveryHandle<Null, byte[]>[PooledHandles];
        for (var i = 0; i < handles.Length; i++)
        {
            handles[i] = _producer.RentHandle(_target, _message);
            handles[i].Start(Topic, _message, _counter, OnDelivery);
        }

        foreach (var handle in handles)
        {
            handle.Abandon();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _builder.Dispose();
        _producer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Register <see cref="RecordsPerBatch"/> records on a batch, complete it, dispatch them.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerBatch)]
    public long RegisterAndDispatch()
    {
        var batch = new ProducerBatch(_target, _builder, 0, 0);
        for (var i = 0; i < RecordsPerBatch; i++)
        {
            var handle = _producer.RentHandle(_target, _message);
            handle.Start(Topic, _message, _counter, OnDelivery);
            handle.SetTimestamp(1_700_000_000_000);
            handle.OnAppended(0, i);
            batch.AddRecordCompletion(handle);
        }

        batch.Succeed(42, -1, PersistenceStatus.Persisted); // no sink: dispatched inline
        return _counter.Total;
    }

    /// <summary>Sums the offsets it is given (what a handler typically touches).</summary>
    private sealed class StrongBoxCounter
    {
        public long Total { get; private set; }

        public void Add(long offset) => Total += offset;
    }
}
