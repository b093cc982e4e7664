using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Brook.Producer;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.HotPath;

/// <summary>
/// The application thread's per-record work (serialize + partition + append, and the send call around it) through the
/// public API. The broker (<see cref="InstantTransport"/>) is paused while an iteration sends, so nothing drains or
/// completes concurrently and the figure is the caller's own cost (the partition lock uncontended); between iterations
/// the records are sent and acknowledged. 100-byte values, six partitions; explicit partitions round-robin (as the
/// side-by-side harness sends) and the sticky partitioner. Goal: 0 B allocated per record.
/// </summary>
[MemoryDiagnoser]
public class ProducerHotPathBenchmarks
{
    private const string Topic = "hot";
    private const int Partitions = 6;
    private const int RecordsPerInvoke = 100_000;

    private static readonly Action<DeliveryResult<Null, byte[]>, StrongBox<long>> OnDelivery = static (result, acked) =>
    {
        if (result.Error is null)
        {
            acked.Value++;
        }
    };

    private readonly StrongBox<long> _acked = new();
    private readonly ValueTask<DeliveryResult<Null, byte[]>>[] _window = new ValueTask<DeliveryResult<Null, byte[]>>[RecordsPerInvoke];
    private InstantTransport _transport = null!;
    private KafkaProducer<Null, byte[]> _producer = null!;
    private Message<Null, byte[]> _message = null!;
    private TopicPartition[] _targets = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 5,
            BufferMemory = 256L * 1024 * 1024, // an iteration's records stay buffered
        };
        _transport = new InstantTransport(Topic, Partitions);
        _producer = new KafkaProducer<Null, byte[]>(options, null, null, _transport);
        _message = new Message<Null, byte[]> { Value = BenchmarkData.Payload(100) };
        _targets = [.. Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p))];

        // The first send waits for metadata; later ones find the topic at once.
        _producer.ProduceAsync(Topic, _message).AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void Pause() => _transport.Paused = true;

    /// <summary>Sends and acknowledges what the iteration buffered (returns the handles to the pool).</summary>
    [IterationCleanup]
    public void Drain()
    {
        _transport.Paused = false;
        _producer.FlushAsync().AsTask().GetAwaiter().GetResult();
        for (var i = 0; i < _window.Length; i++)
        {
            if (_window[i] != default)
            {
                _window[i].GetAwaiter().GetResult();
                _window[i] = default;
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _producer.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary><c>Produce(partition, message, state, static handler)</c> round-robin over explicit partitions.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void ProduceWithState_ExplicitPartition()
    {
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            var target = _targets[_next];
            _next = _next == Partitions - 1 ? 0 : _next + 1;
            Wait(_producer.Produce(target, _message, _acked, OnDelivery));
        }
    }

    /// <summary><c>Produce(topic, message, state, static handler)</c>: the sticky partitioner chooses.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void ProduceWithState_Sticky()
    {
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            Wait(_producer.Produce(Topic, _message, _acked, OnDelivery));
        }
    }

    /// <summary><c>ProduceAsync</c>: the sends (their acknowledgements are collected between iterations).</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void ProduceAsync_Window()
    {
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            var target = _targets[_next];
            _next = _next == Partitions - 1 ? 0 : _next + 1;
            _window[i] = _producer.ProduceAsync(target, _message);
        }
    }

    private static void Wait(ValueTask buffered)
    {
        if (!buffered.IsCompletedSuccessfully)
        {
            ValueTaskBlocker.Wait(buffered); // buffer.memory full: block like the harness
        }
    }
}
