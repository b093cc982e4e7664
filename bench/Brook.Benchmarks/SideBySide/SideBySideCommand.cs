namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// <c>side-by-side</c>: the same produce workload through each registered client against the same cluster, one
/// table of throughput, ack latency, CPU and allocation per record. Not a BenchmarkDotNet benchmark: end-to-end
/// numbers with a real network stack.
/// </summary>
public static class SideBySideCommand
{
    /// <summary>The command name.</summary>
    public const string Command = "side-by-side";

    /// <summary>
    /// Every client the harness knows, in the order each (acks) run measures them.
    /// </summary>
    public static IReadOnlyList<IProducerClientFactory> Registered { get; } = [new BrookProducerClientFactory(), new ConfluentProducerClientFactory()];

    /// <summary>Parses <paramref name="args"/>, runs, prints the table; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        SideBySideOptions options;
        try
        {
            options = SideBySideOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(SideBySideOptions.Usage);
            return 0;
        }

        var clients = Registered.Where(f => options.Clients.Count == 0 || options.Clients.Contains(f.Name)).ToList();
        if (clients.Count == 0)
        {
            await Console.Error.WriteLineAsync(
                $"No client matches --clients {string.Join(',', options.Clients)}; known: {string.Join(',', Registered.Select(f => f.Name))}.");
            return 2;
        }

        if (options.P99MaxMs is not null)
        {
            return await RunSweepAsync(options, clients);
        }

        using var cluster = options.InProcess
            ? ClusterHost.StartInProcess(options.Cluster, options.Brokers, options.RetentionBytes)
            : new ChildProcessCluster(options.Cluster, options.Brokers, options.RetentionBytes);
        Console.WriteLine($"cluster: {cluster.Description} at {cluster.BootstrapServers}");
        Console.WriteLine($"workload: {options.Records:N0} records x {options.Size} B, {options.Partitions} partitions round-robin, " +
            $"linger.ms={options.LingerMs}, batch.size={options.BatchSize}, " +
            $"{(options.Rate > 0 ? $"offered {options.Rate:N0} records/s" : "unpaced")}, no compression, no idempotence, warm-up {options.WarmupRecords:N0}");
        var runner = new SideBySideRunner(options, cluster, Console.Out);
        var results = new List<RunResult>();
        if (options.Prime)
        {
            // One unmeasured full-size run per client first: otherwise whichever client runs first pays the JIT of both
            // processes, the cluster's cold paths and its own buffers' first touch, and the order decides the ratio.
            foreach (var client in clients)
            {
                await runner.PrimeAsync(client, options.Acks[0], CancellationToken.None);
            }
        }

        foreach (var acks in options.Acks)
        {
            foreach (var client in clients)
            {
                results.Add(await runner.RunAsync(client, acks, CancellationToken.None));
            }
        }

        Console.WriteLine();
        Console.Write(ResultTable.Format(results));
        Console.Write(ResultTable.Ratios(results, "brook", "confluent"));
        Console.WriteLine("CPU is this process's user+kernel time over all threads (the client's native threads included); " +
            "alloc is managed bytes allocated on all threads. Latency: just before Send to the acknowledgement callback.");
        return results.Exists(r => r.Failed > 0 || r.Unmatched > 0) ? 1 : 0;
    }

    private static async Task<int> RunSweepAsync(SideBySideOptions options, List<IProducerClientFactory> clients)
    {
        using var cluster = options.InProcess
            ? ClusterHost.StartInProcess(options.Cluster, options.Brokers, options.RetentionBytes)
            : new ChildProcessCluster(options.Cluster, options.Brokers, options.RetentionBytes);
        Console.WriteLine($"cluster: {cluster.Description} at {cluster.BootstrapServers}");
        Console.WriteLine($"sweep: p99 <= {options.P99MaxMs} ms{(options.P999MaxMs is { } p999 ? $", p99.9 <= {p999} ms" : string.Empty)}, " +
            $"{options.Size} B values, {options.Partitions} partitions round-robin, linger.ms={options.LingerMs}, batch.size={options.BatchSize}, " +
            $"{options.StepSeconds} s per step from {options.StartRate:N0}/s (x2 then bisect to {options.Resolution:P0}), " +
            $"at most {options.MaxSteps} steps / {options.SweepBudget.TotalSeconds:0} s per client and acks; " +
            $"extra properties: {string.Join("; ", options.ClientProperties.Select(c => $"{c.Key}: {string.Join(", ", c.Value.Select(kv => $"{kv.Key}={kv.Value}"))}"))}");
        var runner = new SideBySideRunner(options, cluster, Console.Out);
        var sweeper = new LatencySweepRunner(options, runner, Console.Out);
        var results = new List<SweepResult>();
        foreach (var acks in options.Acks)
        {
            foreach (var client in clients)
            {
                results.Add(await sweeper.RunAsync(client, acks, CancellationToken.None));
            }
        }

        Console.WriteLine();
        Console.Write(SweepTable.Format(results, options.P99MaxMs!.Value, options.Size));
        Console.WriteLine("Latency: from each record's intended send time (open-loop pacing, ~1 ms bursts) to its acknowledgement callback. " +
            "A step is within the bound when p99 (and p99.9 with --p999-max) is at most the bound, nothing failed and the client achieved >= 90% of the offered rate.");
        return results.Exists(r => r.Steps.Any(s => s.Failed > 0 || s.Unmatched > 0)) ? 1 : 0;
    }
}
