using Brook.Cluster.Faults;
using Brook.Cluster.Observability;

namespace Brook.Cli.Faults;

/// <summary>
/// What <see cref="FaultExecutor"/> needs from a running embedded cluster: the facade's fault and observability
/// calls, kept behind one small interface so the fault language is tested without sockets. Invalid targets throw
/// <see cref="ArgumentException"/> (or <see cref="InvalidOperationException"/>) whose message names them.
/// </summary>
internal interface IClusterControl
{
    /// <summary>Broker ids run from 0 to <c>BrokerCount - 1</c>.</summary>
    int BrokerCount { get; }

    /// <summary>Takes a broker down; its partitions fail over to other ISR members.</summary>
    ValueTask SetBrokerDownAsync(int brokerId);

    /// <summary>Brings a broker back.</summary>
    void SetBrokerUp(int brokerId);

    /// <summary>Moves a partition's leadership.</summary>
    void MoveLeader(string topic, int partition, int brokerId);

    /// <summary>Queues a request fault.</summary>
    void AddRequestFault(RequestFault fault);

    /// <summary>Drops every queued request fault.</summary>
    void ClearRequestFaults();

    /// <summary>Sets the latency added to every response of a broker (0 = none).</summary>
    void SetBrokerLatency(int brokerId, int latencyMs);

    /// <summary>Cuts (or heals) replication from a partition's leader to its followers.</summary>
    void SetLeaderIsolated(string topic, int partition, bool isolated);

    /// <summary>Creates a topic.</summary>
    void CreateTopic(string name, int partitions, int replicationFactor);

    /// <summary>Every partition of a topic, in partition order, or null when the topic does not exist.</summary>
    IReadOnlyList<PartitionSnapshot>? DescribeTopic(string name);
}
