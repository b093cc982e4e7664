using System.Diagnostics;
using System.Globalization;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Runs every (client, acks) pair against one cluster: a warm-up on its own topic, then a measured run.</summary>
public sealed partial class SideBySideRunner(SideBySideOptions options, IBenchCluster cluster, TextWriter log)
{
    private int _topicSequence;

    /// <summary>Measures one client at one acks setting.</summary>
    public async Task<RunResult> RunAsync(IProducerClientFactory factory, short acks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var client = factory.Create(Settings(factory.Name, acks));

        log.WriteLine($"{factory.Name} acks={AcksText(acks)}: warm-up {options.WarmupRecords} records");
        await SendAllAsync(client, options.WarmupRecords, cancellationToken);

        log.WriteLine($"{factory.Name} acks={AcksText(acks)}: measuring {options.Records} records");

        // The tracker's latency arrays (16 B per record) are the harness's, not the client's: made before counting.
        var measuredTracker = Target(client, options.Records);
        var sampler = CreateAllocationSampler();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clusterCpuBefore = cluster.ProcessorTime;
        sampler?.On = true;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var tracker = await SendAllAsync(client, measuredTracker, options.Records, cancellationToken);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var clusterCpu = cluster.ProcessorTime - clusterCpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        ReportAllocations(sampler, client, options.Records, allocated);
        var elapsed = tracker.Elapsed;

        var (p50, p99, p999) = tracker.Tracker.Percentiles();
        return new RunResult(
            factory.Name, acks, options.Records, options.Size, elapsed, p50, p99, p999,
            cpu.TotalMicroseconds / options.Records, (double)allocated / options.Records,
            tracker.Tracker.FailedCount, tracker.Tracker.UnmatchedCount)
        {
            ClusterCpuMicrosPerRecord = clusterCpu is { } c ? c.TotalMicroseconds / options.Records : double.NaN,
        };
    }

    /// <summary>Sends <see cref="SideBySideOptions.Records"/> records with <paramref name="factory"/>'s client, unmeasured.</summary>
    public async Task PrimeAsync(IProducerClientFactory factory, short acks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var client = factory.Create(Settings(factory.Name, acks));
        log.WriteLine($"{factory.Name} acks={AcksText(acks)}: priming with {options.Records} unmeasured records");
        await SendAllAsync(client, options.Records, cancellationToken);
    }

    /// <summary>The settings every client gets at <paramref name="acks"/>, plus its own <c>--set</c> properties.</summary>
    public ClientSettings Settings(string clientName, short acks)
    {
        var payload = new byte[options.Size];
        new Random(42).NextBytes(payload);
        var properties = options.ClientProperties.TryGetValue(clientName, out var own) ? own : new Dictionary<string, string>();
        return new ClientSettings(cluster.BootstrapServers, acks, options.LingerMs, options.BatchSize, payload, properties);
    }

    /// <summary>Sleeps (never spins: spinning would be charged as client CPU) until <paramref name="due"/> has passed.</summary>
    private static void Pace(long due)
    {
        var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (ahead > TimeSpan.Zero)
        {
            Thread.Sleep(ahead < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : ahead);
        }
    }

    /// <summary>acks as Kafka spells it.</summary>
    public static string AcksText(short acks) => acks == -1 ? "all" : acks.ToString(CultureInfo.InvariantCulture);

    private Task<(AckTracker Tracker, TimeSpan Elapsed)> SendAllAsync(IProducerClient client, int records, CancellationToken cancellationToken) =>
        SendAllAsync(client, Target(client, records), records, cancellationToken);

    /// <summary>A fresh topic and its tracker (latency arrays sized for every record), made before any measurement starts.</summary>
    private AckTracker Target(IProducerClient client, int records)
    {
        var partitions = options.Partitions;
        var topic = $"side-by-side-{Environment.ProcessId}-{Interlocked.Increment(ref _topicSequence)}";
        cluster.CreateTopic(topic, partitions);
        var tracker = new AckTracker(partitions, (records / partitions) + 1);
        client.Target(topic, partitions, tracker);
        return tracker;
    }

    private async Task<(AckTracker Tracker, TimeSpan Elapsed)> SendAllAsync(IProducerClient client, AckTracker tracker, int records, CancellationToken cancellationToken)
    {
        var partitions = options.Partitions;
        var started = Stopwatch.GetTimestamp();
        var ticksPerRecord = options.Rate > 0 ? (double)Stopwatch.Frequency / options.Rate : 0;

        // A dedicated thread, not a thread-pool worker: Send blocks on back-pressure, and Brook's pipeline runs on the pool.
        await Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < records; i++)
                {
                    if (ticksPerRecord > 0)
                    {
                        Pace(started + (long)(i * ticksPerRecord));
                    }

                    var partition = i % partitions;
                    tracker.Sent(partition);
                    client.Send(partition);
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await client.FlushAsync(options.Timeout, cancellationToken);
        return (tracker, Stopwatch.GetElapsedTime(started));
    }
}
