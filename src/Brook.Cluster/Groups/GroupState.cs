namespace Brook.Cluster.Groups;

/// <summary>Classic group states (Kafka's GroupMetadata): Empty -> PreparingRebalance -> CompletingRebalance -> Stable.</summary>
internal enum GroupState
{
    /// <summary>No members; may still hold committed offsets.</summary>
    Empty,

    /// <summary>Waiting for members to (re)join.</summary>
    PreparingRebalance,

    /// <summary>Joined; waiting for the leader's SyncGroup.</summary>
    CompletingRebalance,

    /// <summary>Assignments handed out; heartbeats keep members alive.</summary>
    Stable,

    /// <summary>Removed.</summary>
    Dead,
}
