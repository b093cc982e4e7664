using Brook.Cli.Doctor;
using Brook.Producer;
using Brook.Producer.Diagnostics;

namespace Brook.Cli.Engines;

/// <summary>
/// The doctor's live probe: the connectivity steps of <see cref="ClusterProbe"/> (DNS, TCP connect, ApiVersions,
/// metadata, leaders and ISR per partition), then <see cref="ProbeProduce"/> through Brook's producer with the options
/// under diagnosis. The produce is skipped when no broker answered (the connectivity findings already say why).
/// max.block.ms is capped for the probe so a missing topic fails in seconds, not a minute.
/// </summary>
internal static class ConnectivityProbe
{
    /// <summary>The probe's cap on max.block.ms.</summary>
    public const long MaxBlockMsCap = 10_000;

    /// <summary>Metrics that the playbook reads as "nothing measured".</summary>
    public static readonly ProducerMetricsSnapshot NotMeasured = new()
    {
        RecordsPerRequestAvg = double.NaN,
        RequestLatencyAvg = double.NaN,
    };

    /// <summary>Runs the probe against <paramref name="bootstrap"/> for <paramref name="topic"/>.</summary>
    public static async ValueTask<DoctorProbeResult> ProbeAsync(
        string bootstrap, string topic, ProducerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClusterProbeReport report;
        try
        {
            report = await ClusterProbe.ProbeAsync(bootstrap, topic, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"cannot probe '{bootstrap}': {ex.Message}");
        }

        var steps = new List<string>(report.Steps);
        var metrics = NotMeasured;
        var produceTimeouts = 0;
        if (report.BrokersReachable == 0)
        {
            steps.Add("produce  skipped: no broker answered, so only connectivity is judged");
        }
        else
        {
            var probeOptions = options with
            {
                BootstrapServers = bootstrap,
                MaxBlockMs = Math.Min(options.MaxBlockMs, MaxBlockMsCap),
                ClientId = string.IsNullOrEmpty(options.ClientId) ? "brook-doctor" : options.ClientId,
            };
            var producer = new KafkaPerfProducer(probeOptions);
            await using (producer.ConfigureAwait(false))
            {
                var result = await ProbeProduce.RunAsync(
                    producer, topic, ProbeProduce.DefaultRecords, ProbeProduce.DefaultRecordSize, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                steps.Add(ProbeProduce.Describe(result, topic, ProbeProduce.DefaultRecordSize));
                metrics = result.Metrics;
                produceTimeouts = result.Timeouts;
            }
        }

        var facts = new ConnectivityFacts(
            report.DnsMs,
            Math.Max(report.ConnectMs, 0),
            report.BrokersReachable,
            Math.Max(report.BrokersTotal, report.BrokersReachable == 0 ? 1 : 0),
            report.LeaderlessPartitions,
            report.UnderMinIsrPartitions,
            report.RequestTimeouts + produceTimeouts);
        return new DoctorProbeResult(facts, metrics, steps);
    }
}
