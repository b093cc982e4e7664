using System.Globalization;
using Brook.Producer;

namespace Brook.Cli.Doctor;

/// <summary>
/// The troubleshooting playbook as a pure function: producer metrics (plus connectivity facts) in, findings with the
/// config change to try out. Thresholds: records-per-request-avg &lt; 10 (batching), buffer use &gt; 80% (memory),
/// record errors &gt; 1% of records (errors), request-latency-avg &gt; 100 ms or any timeout (network).
/// </summary>
internal static class DoctorRules
{
    /// <summary>Below this many records per request, batching is not working.</summary>
    public const double MinRecordsPerRequest = 10;

    /// <summary>Above this share of buffer.memory in use, sends will soon block.</summary>
    public const double MaxBufferUse = 0.80;

    /// <summary>Above this share of failed records, something is wrong.</summary>
    public const double MaxErrorShare = 0.01;

    /// <summary>Above this average request latency (ms), look at the network or the brokers.</summary>
    public const double MaxRequestLatencyMs = 100;

    /// <summary>Applies every rule; an empty list means nothing to fix.</summary>
    public static IReadOnlyList<Finding> Diagnose(ProducerMetricsSnapshot metrics, ConnectivityFacts? facts = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var findings = new List<Finding>();
        if (facts is not null)
        {
            Connectivity(facts, findings);
        }

        if (metrics.RecordsPerRequestAvg is var rpr && !double.IsNaN(rpr) && rpr < MinRecordsPerRequest)
        {
            findings.Add(new Finding(
                Severity.Warning,
                "batching",
                F($"records-per-request-avg = {rpr:F1} (< {MinRecordsPerRequest:F0})"),
                "Batch more per request: raise linger.ms (e.g. linger.ms=5..20) and batch.size (e.g. batch.size=65536)."));
        }

        if (metrics.BufferTotalBytes > 0)
        {
            var used = 1.0 - ((double)metrics.BufferAvailableBytes / metrics.BufferTotalBytes);
            if (used > MaxBufferUse)
            {
                findings.Add(new Finding(
                    Severity.Warning,
                    "memory",
                    F($"buffer use = {used:P0} of buffer.memory {metrics.BufferTotalBytes} B (> {MaxBufferUse:P0})"),
                    "Give the producer more room or send less: raise buffer.memory, or enable compression (compression.type=lz4 or zstd)."));
            }
        }

        var errorShare = ErrorShare(metrics);
        if (errorShare > MaxErrorShare)
        {
            findings.Add(new Finding(
                Severity.Error,
                "errors",
                F($"record errors = {errorShare:P1} of records (record-error-rate {metrics.RecordErrorRate:F1}/s, record-error-total {metrics.RecordErrorTotal})"),
                "Records are failing: check the error messages; raise delivery.timeout.ms and retries, and acks=all with enable.idempotence=true for safe retries."));
        }

        var timeouts = facts?.RequestTimeouts ?? 0;
        if ((!double.IsNaN(metrics.RequestLatencyAvg) && metrics.RequestLatencyAvg > MaxRequestLatencyMs) || timeouts > 0)
        {
            findings.Add(new Finding(
                Severity.Warning,
                "network",
                F($"request-latency-avg = {metrics.RequestLatencyAvg:F1} ms (> {MaxRequestLatencyMs:F0}), request timeouts = {timeouts}"),
                "Check the network and broker load: raise request.timeout.ms, keep max.in.flight.requests.per.connection at 5, and batch more (linger.ms) to send fewer, larger requests."));
        }

        return findings;
    }

    /// <summary>Failed records as a share of all finished records (rates first, totals when rates are empty).</summary>
    public static double ErrorShare(ProducerMetricsSnapshot metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var rateSum = metrics.RecordSendRate + metrics.RecordErrorRate;
        if (rateSum > 0 && !double.IsNaN(rateSum))
        {
            return metrics.RecordErrorRate / rateSum;
        }

        var totalSum = metrics.RecordSendTotal + metrics.RecordErrorTotal;
        return totalSum > 0 ? (double)metrics.RecordErrorTotal / totalSum : 0;
    }

    private static void Connectivity(ConnectivityFacts facts, List<Finding> findings)
    {
        if (facts.BrokersReachable < facts.BrokersTotal)
        {
            findings.Add(new Finding(
                facts.BrokersReachable == 0 ? Severity.Error : Severity.Warning,
                "connectivity",
                F($"{facts.BrokersReachable} of {facts.BrokersTotal} brokers reachable"),
                "Check that the brokers' advertised.listeners resolve and are reachable from this host (firewall, DNS, bootstrap.servers)."));
        }

        if (facts.LeaderlessPartitions > 0)
        {
            findings.Add(new Finding(
                Severity.Error,
                "connectivity",
                F($"{facts.LeaderlessPartitions} partition(s) without a leader"),
                "Sends to these partitions wait for metadata: bring the brokers back, or set partitioner.ignore.keys / use more partitions."));
        }

        if (facts.UnderMinIsrPartitions > 0)
        {
            findings.Add(new Finding(
                Severity.Error,
                "connectivity",
                F($"{facts.UnderMinIsrPartitions} partition(s) below min.insync.replicas"),
                "acks=all sends fail with NOT_ENOUGH_REPLICAS: bring replicas back, or lower min.insync.replicas on the topic."));
        }

        if (facts.DnsMs > 100)
        {
            findings.Add(new Finding(
                Severity.Warning,
                "network",
                F($"DNS lookup took {facts.DnsMs:F0} ms"),
                "Slow name resolution: use IP addresses in bootstrap.servers or fix the resolver; client.dns.lookup=use_all_dns_ips."));
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
