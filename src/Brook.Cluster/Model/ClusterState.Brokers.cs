namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    /// <summary>
    /// Takes a broker down. With <paramref name="failover"/> (Kafka, kfake RemoveNode) it is fenced: it leaves every
    /// ISR it can and its partitions get new leaders from the ISR (or become leaderless). Without (librdkafka's
    /// mock) nothing moves: its partitions are unavailable and its followers stop replicating.
    /// </summary>
    public void SetBrokerDown(int brokerId, bool failover)
    {
        var broker = RequireBroker(brokerId);
        lock (_adminLock)
        {
            broker.IsUp = false;
            if (!failover)
            {
                return;
            }

            foreach (var topic in _topics.Values)
            {
                foreach (var partition in topic.Partitions)
                {
                    partition.OnBrokerFenced(brokerId);
                }
            }
        }
    }

    /// <summary>Brings a broker back; leaderless partitions whose ISR holds it elect it, its followers resume.</summary>
    public void SetBrokerUp(int brokerId)
    {
        var broker = RequireBroker(brokerId);
        lock (_adminLock)
        {
            broker.IsUp = true;
            foreach (var topic in _topics.Values)
            {
                foreach (var partition in topic.Partitions)
                {
                    partition.OnBrokerUp(brokerId);
                }
            }
        }
    }

    /// <summary>Moves the leadership of a partition to an up ISR member (epoch + 1), or -1 for leaderless.</summary>
    public void MoveLeader(string topic, int partition, int brokerId)
    {
        var p = RequirePartition(topic, partition);
        lock (_adminLock)
        {
            p.ChangeLeader(brokerId);
        }
    }

    /// <summary>
    /// Cuts (<paramref name="up"/> false) or heals the network link between two brokers: replication across it stops,
    /// clients still reach both.
    /// </summary>
    public void SetLinkUp(int brokerA, int brokerB, bool up)
    {
        RequireBroker(brokerA);
        RequireBroker(brokerB);
        lock (_adminLock)
        {
            var n = Brokers.Length;
            Volatile.Write(ref _cutLinks[(brokerA * n) + brokerB], !up);
            Volatile.Write(ref _cutLinks[(brokerB * n) + brokerA], !up);
        }
    }

    /// <summary>True unless the link between the two brokers is cut.</summary>
    public bool IsLinkUp(int brokerA, int brokerB) => !Volatile.Read(ref _cutLinks[(brokerA * Brokers.Length) + brokerB]);

    private BrokerNode RequireBroker(int brokerId) =>
        (uint)brokerId < (uint)Brokers.Length
            ? Brokers[brokerId]
            : throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"No broker {brokerId}: ids run 0..{Brokers.Length - 1}.");
}
