namespace Brook.Cluster.Faults;

/// <summary>One fault a chaos schedule injected (kept so a failing run can be read and replayed).</summary>
/// <param name="AtMs">Cluster time of the injection.</param>
/// <param name="Kind">What was injected (a single flag).</param>
/// <param name="BrokerId">Broker hit (the new leader for a leader move), -1 when none.</param>
/// <param name="Topic">Topic hit, null for broker-level faults.</param>
/// <param name="Partition">Partition hit, -1 for broker-level faults.</param>
public sealed record ChaosEvent(long AtMs, ChaosKinds Kind, int BrokerId, string? Topic, int Partition);
