namespace Brook.Cluster.Faults;

/// <summary>The faults a seeded chaos schedule may inject.</summary>
[Flags]
public enum ChaosKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Take a broker down with failover, bring it back after the fault duration.</summary>
    BrokerBounce = 1,

    /// <summary>Move a partition's leadership to another up ISR member (epoch + 1).</summary>
    LeaderMove = 2,

    /// <summary>Pause a follower's replication for the fault duration.</summary>
    FollowerPause = 4,

    /// <summary>Answer the next Produce on a broker with NOT_LEADER_OR_FOLLOWER.</summary>
    ProduceError = 8,

    /// <summary>Close the connection of the next Produce on a broker, before or after the append.</summary>
    Disconnect = 16,

    /// <summary>Every kind.</summary>
    All = BrokerBounce | LeaderMove | FollowerPause | ProduceError | Disconnect,
}
