namespace Brook.Producer.Diagnostics;

/// <summary>What <see cref="ClusterProbe.ProbeAsync"/> measured.</summary>
/// <param name="DnsMs">Time to resolve the bootstrap hosts, ms (summed over hosts).</param>
/// <param name="ConnectMs">TCP connect time to the first reachable bootstrap server, ms (-1 when none accepted).</param>
/// <param name="ApiVersionsMs">TCP connect plus ApiVersions handshake to that server, ms (-1 when it failed).</param>
/// <param name="BrokersReachable">Brokers from metadata that completed an ApiVersions handshake.</param>
/// <param name="BrokersTotal">Brokers the Metadata response lists (0 when metadata failed).</param>
/// <param name="Partitions">Partitions of the probed topic (0 when it does not exist).</param>
/// <param name="LeaderlessPartitions">Partitions of the topic without a leader.</param>
/// <param name="UnderReplicatedPartitions">Partitions whose ISR is smaller than their replica set.</param>
/// <param name="UnderMinIsrPartitions">Partitions whose ISR is below the topic's min.insync.replicas (0 when unknown).</param>
/// <param name="MinInsyncReplicas">The topic's min.insync.replicas from DescribeConfigs, or null when not told.</param>
/// <param name="RequestTimeouts">Requests that timed out during the probe.</param>
/// <param name="Steps">Human-readable steps with their timings, in order; failures as one line each.</param>
public sealed record ClusterProbeReport(
    double DnsMs,
    double ConnectMs,
    double ApiVersionsMs,
    int BrokersReachable,
    int BrokersTotal,
    int Partitions,
    int LeaderlessPartitions,
    int UnderReplicatedPartitions,
    int UnderMinIsrPartitions,
    int? MinInsyncReplicas,
    int RequestTimeouts,
    IReadOnlyList<string> Steps);
