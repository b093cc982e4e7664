using Brook.Cluster;
using Brook.Producer;
using BrookAcks = Brook.Producer.Acks;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// Steady-state allocation on the caller's thread of both send styles against the embedded cluster: after warm-up,
/// 100,000 ProduceAsync calls must average under 32 bytes each (measured 3-10 on a loaded 2-core box; one per-record
/// object would be ~100). The target is under 1 byte; what remains is per batch and is still being tracked down. The per-record path allocates nothing once the handle pool holds
/// as many handles as records outstanding (the warm-up sends the same burst); what remains is per batch (a new batch's
/// builder and bookkeeping) amortized over the records in it.
/// </summary>
public sealed class ProducerAllocationTests
{
    private const int Measured = 100_000;
    private const double MaxBytesPerRecord = 32.0;
    private const string Topic = "alloc";
    private const int Window = 5_000;
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
    public async Task ProduceAsync_SteadyStateAllocatesUnderThirtyTwoBytesPerRecord()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic(Topic, 1, 1);
        await using var producer = new ProducerBuilder<Null, byte[]>(Options(cluster.BootstrapServers)).Build();
        var message = new Message<Null, byte[]> { Value = new byte[100] };
        var window = new ValueTask<DeliveryResult<Null, byte[]>>[Window];
        await RunWindowsAsync(producer, message, window, 4, measure: false);
        var allocated = await RunWindowsAsync(producer, message, window, Measured / window.Length, measure: true);

        var perRecord = (double)allocated / Measured;
        TestContext.Current.SendDiagnosticMessage($"ProduceAsync: {perRecord:F3} bytes/record");
        Assert.True(perRecord < MaxBytesPerRecord, $"ProduceAsync allocated {perRecord:F3} bytes/record on the caller's thread (bound {MaxBytesPerRecord}).");
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
