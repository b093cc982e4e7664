using Brook.Cli.Configuration;
using Brook.Cli.Engines;
using Brook.Cli.Perf;
using Brook.Cli.Settings;
using Brook.Cluster;
using Brook.Producer;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook perf</c>: kafka-producer-perf-test on the Brook producer. Without <c>--bootstrap</c> it starts an embedded
/// 3-broker cluster. Progress: a live bar on a terminal, Java's 5-second window line otherwise. End: the summary line,
/// then the producer metrics table. Exit 1 when any record failed.
/// </summary>
internal sealed class PerfCommand(CliEnvironment env) : AsyncCommand<PerfSettings>
{
    /// <summary>The metrics the table shows, by Java name.</summary>
    public static readonly string[] MetricNames =
    [
        "record-send-rate", "byte-rate", "batch-size-avg", "records-per-request-avg", "request-latency-avg",
        "record-error-rate", "record-retry-rate", "buffer-available-bytes", "compression-rate-avg",
    ];

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, PerfSettings settings, CancellationToken cancellationToken)
    {
        // Bad properties fail here, before any cluster or connection exists.
        var (_, checkedOptions) = ProducerProperties.Resolve(settings.ProducerConfig, settings.ProducerProps, settings.Bootstrap ?? "127.0.0.1:9092");
        _ = checkedOptions;
        IRunningCluster? embedded = null;
        try
        {
            var bootstrap = settings.Bootstrap;
            if (bootstrap is null)
            {
                embedded = await env.Engines.StartClusterAsync(EmbeddedPlan(settings.Topic), cancellationToken).ConfigureAwait(false);
                bootstrap = embedded.BootstrapServers;
                await env.Error.WriteLineAsync($"brook perf: embedded 3-broker cluster on {bootstrap}").ConfigureAwait(false);
            }
            else
            {
                await env.Engines.CheckReachableAsync(bootstrap, cancellationToken).ConfigureAwait(false);
            }

            var (_, options) = ProducerProperties.Resolve(settings.ProducerConfig, settings.ProducerProps, bootstrap);
            var producer = env.Engines.CreatePerfProducer(options);
            await using (producer.ConfigureAwait(false))
            {
                var run = new PerfRunOptions(settings.Topic, settings.NumRecords, settings.RecordSize, settings.Throughput, settings.Sequenced, !settings.NoKeys);
                var result = await RunAsync(producer, run, cancellationToken).ConfigureAwait(false);
                await env.Out.WriteLineAsync(PerfFormat.Summary(result.Totals)).ConfigureAwait(false);
                await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                env.Console.Write(MetricsTable(producer.GetMetrics()));
                if (result.Stream is not null)
                {
                    await env.Error.WriteLineAsync($"brook perf: sequenced stream {result.Stream}; check with: brook verify --bootstrap {bootstrap} --topic {settings.Topic} --expect {settings.NumRecords}").ConfigureAwait(false);
                }

                if (result.Failed > 0)
                {
                    throw new CliException($"{result.Failed} of {settings.NumRecords} records failed; first error: {result.FirstError?.Message}");
                }
            }
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// retention.bytes per partition of the embedded perf cluster (16 MiB): nothing reads a perf run back, and a bounded
    /// log keeps a multi-GB run's memory flat and recycles log chunks instead of faulting in fresh memory for every
    /// batch (a third of the cluster's CPU per record otherwise, bench/README.md). Kafka's own default is unlimited.
    /// </summary>
    public const long EmbeddedRetentionBytes = 16L * 1024 * 1024;

    /// <summary>The embedded cluster a perf run without --bootstrap uses: 3 brokers, the topic with 6 partitions, RF 3, min ISR 2, <see cref="EmbeddedRetentionBytes"/>.</summary>
    public static ClusterPlan EmbeddedPlan(string topic) => new(
        new EmbeddedClusterOptions
        {
            BrokerCount = 3,
            DefaultPartitions = 6,
            DefaultReplicationFactor = 3,
            DefaultTopicConfig = new TopicConfig { MinInsyncReplicas = 2, RetentionBytes = EmbeddedRetentionBytes },
        },
        [new TopicSpec(topic, 6, 3)]);

    /// <summary>The metrics table (Java names, values).</summary>
    public static Table MetricsTable(ProducerMetricsSnapshot metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var all = metrics.ToDictionary();
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var name in MetricNames)
        {
            var value = all[name];
            table.AddRow(name, double.IsNaN(value) ? "NaN" : value.ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    private async Task<PerfRunResult> RunAsync(IPerfProducer producer, PerfRunOptions run, CancellationToken cancellationToken)
    {
        if (!env.Interactive)
        {
            var runner = new PerfRunner(producer, env.Time, env.Random, run, env.Out.WriteLine);
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var live = new PerfRunner(producer, env.Time, env.Random, run, windowLine: null);
        PerfRunResult? result = null;
        await env.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: run.NumRecords);
                var work = live.RunAsync(cancellationToken);
                while (!work.IsCompleted)
                {
                    await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250), env.Time, cancellationToken)).ConfigureAwait(false);
                    var seconds = Math.Max(live.Elapsed.TotalSeconds, 1e-3);
                    task.Value = live.Acknowledged;
                    task.Description = string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"{live.Acknowledged / seconds:N0} records/s  {live.AcknowledgedBytes / seconds / (1024 * 1024):F2} MB/s");
                }

                result = await work.ConfigureAwait(false);
                task.Value = live.Acknowledged;
            }).ConfigureAwait(false);
        return result!;
    }
}
