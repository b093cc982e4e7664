namespace Brook.Cli.Doctor;

/// <summary>What the connectivity probe learned before the probe produce.</summary>
/// <param name="DnsMs">Name resolution time of the bootstrap hosts, ms.</param>
/// <param name="ConnectMs">TCP connect time, ms.</param>
/// <param name="BrokersReachable">Brokers that answered ApiVersions.</param>
/// <param name="BrokersTotal">Brokers the metadata lists.</param>
/// <param name="LeaderlessPartitions">Partitions of the probed topic without a leader.</param>
/// <param name="UnderMinIsrPartitions">Partitions whose ISR is below min.insync.replicas.</param>
/// <param name="RequestTimeouts">Requests that timed out during the probe.</param>
internal sealed record ConnectivityFacts(
    double DnsMs,
    double ConnectMs,
    int BrokersReachable,
    int BrokersTotal,
    int LeaderlessPartitions,
    int UnderMinIsrPartitions,
    int RequestTimeouts);
