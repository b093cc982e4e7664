using Brook.Cli.Engines;
using Brook.Cluster.Faults;
using Brook.Cluster.Observability;

namespace Brook.Cli.Tests.Fakes;

/// <summary>Records every fault call; topics hold fixed snapshots.</summary>
internal sealed class FakeCluster(int brokers = 3) : IRunningCluster
{
    public List<string> Calls { get; } = [];

    public List<RequestFault> Faults { get; } = [];

    public Dictionary<string, List<PartitionSnapshot>> Topics { get; } = new(StringComparer.Ordinal);

    public bool Disposed { get; private set; }

    public int BrokerCount => brokers;

    public string BootstrapServers => "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094";

    public ValueTask SetBrokerDownAsync(int brokerId)
    {
        Calls.Add($"down {brokerId}");
        return ValueTask.CompletedTask;
    }

    public void SetBrokerUp(int brokerId) => Calls.Add($"up {brokerId}");

    public void MoveLeader(string topic, int partition, int brokerId)
    {
        if (!Topics.ContainsKey(topic))
        {
            throw new ArgumentException($"Unknown topic '{topic}'.");
        }

        Calls.Add($"leader {topic} {partition} {brokerId}");
    }

    public void AddRequestFault(RequestFault fault) => Faults.Add(fault);

    public void ClearRequestFaults() => Calls.Add("clear-faults");

    public void SetBrokerLatency(int brokerId, int latencyMs) => Calls.Add($"latency {brokerId} {latencyMs}");

    public void SetLeaderIsolated(string topic, int partition, bool isolated) => Calls.Add($"isolated {topic} {partition} {isolated}");

    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        Calls.Add($"create {name} {partitions} {replicationFactor}");
        var list = new List<PartitionSnapshot>();
        for (var p = 0; p < partitions; p++)
        {
            list.Add(Snapshot(name, p, p % brokers, [.. Enumerable.Range(0, replicationFactor)], 0));
        }

        Topics[name] = list;
    }

    public IReadOnlyList<PartitionSnapshot>? DescribeTopic(string name) => Topics.GetValueOrDefault(name);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    public static PartitionSnapshot Snapshot(string topic, int partition, int leader, int[] isr, long hw) => new()
    {
        Topic = topic,
        TopicId = Guid.Empty,
        Partition = partition,
        Leader = leader,
        LeaderEpoch = 0,
        Isr = isr,
        Replicas = [],
        HighWatermark = hw,
        LogStartOffset = 0,
        LogEndOffset = hw,
        SizeBytes = 0,
        BatchCount = 0,
        PendingAcks = 0,
        Producers = [],
    };
}
