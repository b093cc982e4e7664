using Brook.Cli.Doctor;
using Brook.Producer;
using Brook.Producer.Diagnostics;

namespace Brook.Cli.Engines;

/// <summary>
/// The doctor's live connectivity probe over <see cref="ClusterProbe"/>: DNS, TCP connect, ApiVersions, metadata,
/// leaders and ISR per partition. The probe produce needs the Brook producer; until it is in this build the metrics are
/// "not measured" (NaN averages, zero totals) so the playbook only judges connectivity, and a step says so.
/// </summary>
internal static class ConnectivityProbe
{
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
        ClusterProbeReport report;
        try
        {
            report = await ClusterProbe.ProbeAsync(bootstrap, topic, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"cannot probe '{bootstrap}': {ex.Message}");
        }

        var facts = new ConnectivityFacts(
            report.DnsMs,
            Math.Max(report.ConnectMs, 0),
            report.BrokersReachable,
            Math.Max(report.BrokersTotal, report.BrokersReachable == 0 ? 1 : 0),
            report.LeaderlessPartitions,
            report.UnderMinIsrPartitions,
            report.RequestTimeouts);
        var steps = new List<string>(report.Steps)
        {
            "produce  skipped: the Brook producer is not in this build, so only connectivity is judged",
        };
        return new DoctorProbeResult(facts, NotMeasured, steps);
    }
}
