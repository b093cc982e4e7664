using Brook.Cli.Commands;
using Brook.Cli.Faults;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli;

/// <summary>
/// The <c>brook</c> command tree (cluster, perf, produce, consume, verify, doctor) with help examples and the
/// uniform error policy of <see cref="ErrorReporter"/>. Tests run it in-process with a captured
/// <see cref="CliEnvironment"/>.
/// </summary>
internal static class BrookApp
{
    /// <summary>Parses and runs one command line; returns the exit code. Never throws for user errors.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(env);
        try
        {
            return await Create(env).RunAsync(ArgumentNormalizer.Normalize(args), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The handler below catches command failures; this catches anything thrown around it.
            return ErrorReporter.Report(ex, env.Error);
        }
    }

    /// <summary>The configured app.</summary>
    public static CommandApp Create(CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("brook");
            config.ConfigureConsole(env.Console);
            config.Settings.Registrar.RegisterInstance(env);
            config.SetExceptionHandler((ex, _) => ErrorReporter.Report(ex, env.Error));
            config.CancellationExitCode(ExitCodes.Interrupted);
            config.UseStrictParsing();
            config.AddExample("perf");
            config.AddExample("cluster", "--port", "9092", "--topic", "orders:6:3");

            config.AddCommand<ClusterCommand>("cluster")
                .WithDescription(Markup.Escape(ClusterDescription()))
                .WithExample("cluster")
                .WithExample("cluster", "--brokers", "3", "--port", "9092", "--topic", "orders:12:3", "--min-insync-replicas", "2")
                .WithExample("cluster", "--brokers", "1", "--replication-factor", "1", "--min-insync-replicas", "1");
            config.AddCommand<PerfCommand>("perf")
                .WithDescription(Markup.Escape("Producer throughput and latency (kafka-producer-perf-test). Without --bootstrap: an embedded 3-broker cluster. Prints the summary line '<N> records sent, <X> records/sec (<Y> MB/sec), <A> ms avg latency, <M> ms max latency, <P50> ms 50th, <P95> ms 95th, <P99> ms 99th, <P999> ms 99.9th.' and the producer metrics."))
                .WithExample("perf")
                .WithExample("perf", "--num-records", "100000", "--record-size", "1000", "--throughput", "20000", "--producer-props", "acks=all", "linger.ms=5", "compression.type=lz4")
                .WithExample("perf", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--sequenced", "--producer.config", "producer.properties");
            config.AddCommand<ProduceCommand>("produce")
                .WithDescription(Markup.Escape("Produce one record per stdin line. Exit status 1 if any record failed, with the reason."))
                .WithExample("produce", "--bootstrap", "127.0.0.1:9092", "--topic", "orders")
                .WithExample("produce", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--key-separator", ":", "--header", "source=cli", "--producer-props", "acks=all");
            config.AddCommand<ConsumeCommand>("consume")
                .WithDescription(Markup.Escape("Print a topic's values, one per line (all partitions assigned; with --group a consumer-group member that continues from the group's committed offsets and commits what it printed)."))
                .WithExample("consume", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--from-beginning", "--max-messages", "10")
                .WithExample("consume", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--from-beginning", "--print-key", "--print-headers", "--timeout-ms", "5000")
                .WithExample("consume", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--group", "billing", "--from-beginning", "--isolation", "read_committed");
            config.AddCommand<VerifyCommand>("verify")
                .WithDescription(Markup.Escape("Check a topic written by 'brook perf --sequenced': count, duplicates, gaps, per-partition order. Prints PASS or FAIL with the figures; exit status 0 only on PASS."))
                .WithExample("verify", "--bootstrap", "127.0.0.1:9092", "--topic", "brook-perf", "--expect", "1000000")
                .WithExample("verify", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--expect", "5000", "--isolation", "read_committed");
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription(Markup.Escape("Diagnose connectivity and producer behaviour (batching, memory, errors, latency), each finding with the config change to try. Without --bootstrap: an embedded cluster, plus a deliberately poor config."))
                .WithExample("doctor")
                .WithExample("doctor", "--bootstrap", "127.0.0.1:9092")
                .WithExample("doctor", "--bootstrap", "127.0.0.1:9092", "--topic", "orders", "--producer-props", "linger.ms=10", "batch.size=65536");
        });
        return app;
    }

    private static string ClusterDescription() =>
        "Run an embedded Kafka-compatible cluster on 127.0.0.1 until Ctrl-C/SIGTERM. The first stdout line is the bootstrap list alone; logs go to stderr. "
        + "Fault commands on stdin, one per line, each answered by one stdout line starting 'ok' or 'error' (end of stdin does not stop the cluster):"
        + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", FaultCommandParser.Usage)
        + Environment.NewLine + "Examples: 'down 1', 'leader orders 0 2', 'err Produce 3 NOT_LEADER_OR_FOLLOWER', 'err Metadata 1 LEADER_NOT_AVAILABLE 0', 'latency 2 250', 'isolate-followers orders 0', 'state orders'.";
}
