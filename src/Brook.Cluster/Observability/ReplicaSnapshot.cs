namespace Brook.Cluster.Observability;

/// <summary>One replica of a partition at snapshot time.</summary>
/// <param name="BrokerId">Hosting broker.</param>
/// <param name="LogEndOffset">The replica's LEO.</param>
/// <param name="HighWatermark">The HW the replica knows.</param>
/// <param name="InIsr">Member of the ISR.</param>
/// <param name="LastCaughtUpTimeMs">Last time it held everything the leader had.</param>
/// <param name="Paused">Replication stopped by a fault.</param>
public sealed record ReplicaSnapshot(int BrokerId, long LogEndOffset, long HighWatermark, bool InIsr, long LastCaughtUpTimeMs, bool Paused);
