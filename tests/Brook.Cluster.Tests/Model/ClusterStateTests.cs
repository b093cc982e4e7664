using Brook.Cluster.Model;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests.Model;

public sealed partial class ClusterStateTests
{
    private static ClusterState NewCluster(Func<EmbeddedClusterOptions, EmbeddedClusterOptions>? configure = null)
    {
        var options = new EmbeddedClusterOptions { TimeProvider = new FakeTimeProvider() };
        return new ClusterState(configure is null ? options : configure(options));
    }

    [Fact]
    public void CreateTopic_UsesDefaultsAndGivesEachTopicANonZeroUniqueId()
    {
        using var cluster = NewCluster(o => o with { DefaultPartitions = 4 });

        var a = cluster.CreateTopic("a");
        var b = cluster.CreateTopic("b", partitions: 2, replicationFactor: 1);

        Assert.Equal(4, a.Partitions.Length);
        Assert.Equal(3, a.ReplicationFactor);
        Assert.Equal(1, b.ReplicationFactor);
        Assert.NotEqual(Guid.Empty, a.Id);
        Assert.NotEqual(a.Id, b.Id);
        Assert.True(cluster.TryGetTopic(a.Id, out var byId));
        Assert.Same(a, byId);
    }

    [Fact]
    public void CreateTopic_DefaultReplicationFactorIsCappedAtBrokerCount()
    {
        using var cluster = NewCluster(o => o with { BrokerCount = 2 });

        Assert.Equal(2, cluster.CreateTopic("t").ReplicationFactor);
    }

    [Fact]
    public void CreateTopic_SameSeed_SamePlacementAndIds()
    {
        using var one = NewCluster(o => o with { Seed = 42 });
        using var two = NewCluster(o => o with { Seed = 42 });

        var a = one.CreateTopic("t", partitions: 6);
        var b = two.CreateTopic("t", partitions: 6);

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Partitions.Select(p => p.LeaderId), b.Partitions.Select(p => p.LeaderId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public void CreateTopic_InvalidName_ThrowsNamingTheRule(string name)
    {
        using var cluster = NewCluster();

        var e = Assert.Throws<ArgumentException>(() => cluster.CreateTopic(name));
        Assert.Contains("[a-zA-Z0-9._-]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTopic_Twice_Throws()
    {
        using var cluster = NewCluster();
        cluster.CreateTopic("t");

        Assert.Throws<InvalidOperationException>(() => cluster.CreateTopic("t"));
    }

    [Fact]
    public void GetOrAutoCreateTopic_CreatesOnlyWhenEnabledAndNameValid()
    {
        using var on = NewCluster();
        using var off = NewCluster(o => o with { AutoCreateTopics = false });

        Assert.NotNull(on.GetOrAutoCreateTopic("new"));
        Assert.Same(on.GetOrAutoCreateTopic("new"), on.GetOrAutoCreateTopic("new"));
        Assert.Null(on.GetOrAutoCreateTopic("bad name"));
        Assert.Null(off.GetOrAutoCreateTopic("new"));
    }

    [Fact]
    public void FindPartition_UnknownTopicOrIndex_IsNull()
    {
        using var cluster = NewCluster();
        cluster.CreateTopic("t", partitions: 2);

        Assert.NotNull(cluster.FindPartition("t", 1));
        Assert.Null(cluster.FindPartition("t", 2));
        Assert.Null(cluster.FindPartition("t", -1));
        Assert.Null(cluster.FindPartition("u", 0));
    }

    [Fact]
    public void Snapshot_ReportsLeaderIsrAndReplicas()
    {
        using var cluster = NewCluster();
        var topic = cluster.CreateTopic("t", partitions: 1);

        var s = cluster.Snapshot("t", 0);

        Assert.Equal(topic.Partitions[0].LeaderId, s.Leader);
        Assert.Equal(topic.Partitions[0].Replicas.Select(r => r.BrokerId), s.Isr);
        Assert.Equal(3, s.Replicas.Count);
        Assert.Equal(0, s.LeaderEpoch);
        Assert.Throws<ArgumentException>(() => cluster.Snapshot("t", 5));
    }

    [Fact]
    public void SetBrokerDown_UnknownBroker_ThrowsNamingTheRange()
    {
        using var cluster = NewCluster();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(7, failover: true));
        Assert.Contains("0..2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Invalid_ThrowOnConstructionNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => NewCluster(o => o with { BrokerCount = 0 }));
        Assert.Contains("BrokerCount", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => NewCluster(o => o with { DefaultTopicConfig = new TopicConfig { MinInsyncReplicas = 0 } }));
        Assert.Contains("min.insync.replicas", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => NewCluster(o => o with { DefaultTopicConfig = new TopicConfig { RetentionBytes = 0 } }));
        Assert.Contains("retention.bytes", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => NewCluster(o => o with { MaxApiVersions = new Dictionary<Brook.Protocol.ApiKey, short> { [Brook.Protocol.ApiKey.Produce] = -1 } }));
        Assert.Contains("MaxApiVersions[Produce]", e.Message, StringComparison.Ordinal);
    }
}
