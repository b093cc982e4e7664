using System.Diagnostics;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.SideBySide;

public sealed partial class SideBySideRunner
{
    // Records per partition sent and flushed before each paced step: the fresh topic's metadata and leaders are known
    // before the clock starts, so the first measured records do not wait for a metadata round trip.
    private const int PreRollPerPartition = 10;

    /// <summary>Unpaced warm-up of <see cref="SideBySideOptions.WarmupRecords"/> on its own topic (JIT, connections, pools).</summary>
    public async Task WarmUpAsync(IProducerClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await SendAllAsync(client, options.WarmupRecords, cancellationToken);
    }

    /// <summary>
    /// One paced step on a fresh topic: <paramref name="rate"/> records/s for <see cref="SideBySideOptions.StepSeconds"/>,
    /// sent in bursts of whatever is due each ~1 ms tick (<see cref="RatePacer"/>), latency measured from each record's
    /// intended send time; then a flush. CPU and allocation cover the paced sends and the flush.
    /// </summary>
    public async Task<RunResult> MeasurePacedAsync(IProducerClient client, short acks, double rate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var partitions = options.Partitions;
        var records = (int)Math.Clamp(rate * options.StepSeconds, 2_000, 50_000_000);
        var topic = $"paced-{Environment.ProcessId}-{Interlocked.Increment(ref _topicSequence)}";
        cluster.CreateTopic(topic, partitions);
        var tracker = new AckTracker(partitions, (records / partitions) + 1 + PreRollPerPartition);
        client.Target(topic, partitions, tracker);
        for (var p = 0; p < partitions; p++)
        {
            for (var k = 0; k < PreRollPerPartition; k++)
            {
                tracker.Sent(p);
                client.Send(p);
            }
        }

        await client.FlushAsync(options.Timeout, cancellationToken);
        tracker.BeginMeasurement();
        var sampler = CreateAllocationSampler();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clusterCpuBefore = cluster.ProcessorTime;
        sampler?.On = true;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var gcBefore = GC.CollectionCount(0);
        var time = TimeProvider.System; // timestamps are Stopwatch ticks, as AckTracker's
        var started = time.GetTimestamp();
        var pacer = new RatePacer(time, rate, started);

        // The paced loop sleeps between bursts: on a dedicated thread, not a thread-pool worker, so a client whose
        // pipeline runs on the thread pool (Brook) does not lose a worker to the harness (2 cores = 2 workers at start).
        await Task.Factory.StartNew(
            () => SendPaced(client, tracker, pacer, time, records, partitions),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await client.FlushAsync(options.Timeout, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var clusterCpu = cluster.ProcessorTime - clusterCpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        ReportAllocations(sampler, client, records, allocated);
        var (p50, p99, p999) = tracker.Percentiles();
        return new RunResult(
            client.Name, acks, records, options.Size, elapsed, p50, p99, p999,
            cpu.TotalMicroseconds / records, (double)allocated / records, tracker.FailedCount, tracker.UnmatchedCount)
        {
            ClusterCpuMicrosPerRecord = clusterCpu is { } c ? c.TotalMicroseconds / records : double.NaN,
            OfferedRate = rate,
            GcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds,
            GcCount = GC.CollectionCount(0) - gcBefore,
            Diagnostics = client.Diagnostics(),
        };
    }

    private static void SendPaced(IProducerClient client, AckTracker tracker, RatePacer pacer, TimeProvider time, int records, int partitions)
    {
        long next = 0;
        while (next < records)
        {
            var now = time.GetTimestamp();
            var due = Math.Min(records, pacer.DueCount(now));
            if (due <= next)
            {
                // Sleep, never spin (spinning would be charged as client CPU); Linux sleeps ~1.05 ms for 1.
                var wait = pacer.Until(next, now);
                Thread.Sleep(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                continue;
            }

            for (; next < due; next++)
            {
                var partition = (int)(next % partitions);
                tracker.Sent(partition, pacer.IntendedTimestamp(next));
                client.Send(partition);
            }
        }
    }
}
