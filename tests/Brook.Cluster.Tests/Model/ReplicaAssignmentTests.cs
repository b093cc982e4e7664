using Brook.Cluster.Model;

namespace Brook.Cluster.Tests.Model;

public sealed class ReplicaAssignmentTests
{
    [Fact]
    public void Assign_SpreadsLeadersRoundRobinFromTheStartIndex()
    {
        var a = ReplicaAssignment.Assign(partitions: 6, replicationFactor: 3, brokerCount: 3, startIndex: 1, startShift: 0);

        Assert.Equal([1, 2, 0, 1, 2, 0], a.Select(r => r[0]));
    }

    [Fact]
    public void Assign_ReplicasAreDistinctAndShiftEveryBrokerCountPartitions()
    {
        var a = ReplicaAssignment.Assign(partitions: 10, replicationFactor: 3, brokerCount: 5, startIndex: 0, startShift: 0);

        Assert.All(a, r => Assert.Equal(3, r.Distinct().Count()));
        // Kafka's layout for 5 brokers, start 0, shift 0: p0 = [0,1,2]; after 5 partitions the shift grows: p5 = [0,2,3].
        Assert.Equal([0, 1, 2], a[0]);
        Assert.Equal([4, 0, 1], a[4]);
        Assert.Equal([0, 2, 3], a[5]);
    }

    [Fact]
    public void Assign_EveryBrokerLeadsAnEqualShare()
    {
        var a = ReplicaAssignment.Assign(partitions: 30, replicationFactor: 2, brokerCount: 3, startIndex: 2, startShift: 1);

        Assert.All(a.GroupBy(r => r[0]), g => Assert.Equal(10, g.Count()));
        Assert.All(a.SelectMany(r => r).GroupBy(b => b), g => Assert.Equal(20, g.Count()));
    }

    [Fact]
    public void Assign_ReplicationFactorAboveBrokerCount_ThrowsNamingTheFix()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplicaAssignment.Assign(1, 4, 3, 0, 0));
        Assert.Contains("1..3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_SingleBroker_PutsEveryReplicaOnIt()
    {
        var a = ReplicaAssignment.Assign(3, 1, 1, 0, 0);

        Assert.All(a, r => Assert.Equal([0], r));
    }
}
