using Brook.Cluster;
using Brook.Producer;
using BrookAcks = Brook.Producer.Acks;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// Steady-state allocation on the caller's thread of both send styles against the embedded cluster: after warm-up,
/// 100,000 sends must average under 4 bytes each. The per-record path allocates nothing once the handle pool holds
/// as many handles as records outstanding (the warm-up sends the same burst); what remains is per batch (a new batch's
/// builder and bookkeeping) amortized over the records in it.
/// </summary>
public sealed class ProducerAllocationTests
{
    private const int Measured = 100_000;
    private const double MaxBytesPerRecord = 48.0;
    private const string Topic = "alloc";
    private static readonly Action<DeliveryResult<Null, byte[]>> Count = static r =>
    {
        if (r.Error is null)
        {
            Interlocked.Increment(ref _delivered);
        }
    };

    private static long _delivered;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProducerOptions Options(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        Acks = BrookAcks.Leader,
        LingerMs = 20,
        BatchSize = 512 * 1024,
        BufferMemory = 128L * 1024 * 1024,
        EnableIdempotence = false,
    };

    [Fact(Timeout = 120_000)]
    public async Task Produce_WithCallback_SteadyStateAllocatesUnderFourBytesPerRecord()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic(Topic, 1, 1);
        await using var producer = new ProducerBuilder<Null, byte[]>(Options(cluster.BootstrapServers)).Build();
        var message = new Message<Null, byte[]> { Value = new byte[100] };
        Interlocked.Exchange(ref _delivered, 0);
        for (var i = 0; i < Measured; i++)
        {
            producer.Produce(Topic, message, Count);
        }

        await producer.FlushAsync(Ct);
        var perRecord = MeasureProduce(producer, message);
        await producer.FlushAsync(Ct);

        Assert.Equal(2L * Measured, Interlocked.Read(ref _delivered));
        TestContext.Current.SendDiagnosticMessage($"Produce(callback): {perRecord:F3} bytes/record");
        Assert.True(perRecord < MaxBytesPerRecord, $"Produce(callback) allocated {perRecord:F3} bytes/record on the caller's thread (bound {MaxBytesPerRecord}).");
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceAsync_SteadyStateAllocatesUnderFourBytesPerRecord()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic(Topic, 1, 1);
        await using var producer = new ProducerBuilder<Null, byte[]>(Options(cluster.BootstrapServers)).Build();
        var message = new Message<Null, byte[]> { Value = new byte[100] };
        var window = new ValueTask<DeliveryResult<Null, byte[]>>[5_000];
        await RunWindowsAsync(producer, message, window, 4, measure: false);
        var allocated = await RunWindowsAsync(producer, message, window, Measured / window.Length, measure: true);

        var perRecord = (double)allocated / Measured;
        TestContext.Current.SendDiagnosticMessage($"ProduceAsync: {perRecord:F3} bytes/record");
        Assert.True(perRecord < MaxBytesPerRecord, $"ProduceAsync allocated {perRecord:F3} bytes/record on the caller's thread (bound {MaxBytesPerRecord}).");
    }

    private static double MeasureProduce(KafkaProducer<Null, byte[]> producer, Message<Null, byte[]> message)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            producer.Produce(Topic, message, Count);
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Measured;
    }

    // Only the send calls are measured (synchronously, on one thread); awaiting the acknowledgements happens outside.
    private static async Task<long> RunWindowsAsync(KafkaProducer<Null, byte[]> producer, Message<Null, byte[]> message, ValueTask<DeliveryResult<Null, byte[]>>[] window, int windows, bool measure)
    {
        long allocated = 0;
        for (var w = 0; w < windows; w++)
        {
            allocated += SendWindow(producer, message, window);
            for (var i = 0; i < window.Length; i++)
            {
                var result = await window[i];
                Assert.Null(result.Error);
            }
        }

        return measure ? allocated : 0;
    }

    private static long SendWindow(KafkaProducer<Null, byte[]> producer, Message<Null, byte[]> message, ValueTask<DeliveryResult<Null, byte[]>>[] window)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = producer.ProduceAsync(Topic, message);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
