using Brook.Producer.Network;

namespace Brook.Producer.Tests.Network;

public sealed class BrokerNodeTests
{
    [Fact]
    public void ParseBootstrap_NumbersNodesNegatively_AndUnbracketsIpv6()
    {
        var nodes = BrokerNode.ParseBootstrap("a:1, [::1]:9092");

        Assert.Equal([new BrokerNode(-1, "a", 1), new BrokerNode(-2, "::1", 9092)], nodes);
        Assert.All(nodes, n => Assert.True(n.IsBootstrap));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData(":9092")]
    public void ParseBootstrap_WithBadEntry_ThrowsNamingIt(string servers)
    {
        var error = Assert.Throws<ArgumentException>(() => BrokerNode.ParseBootstrap(servers));

        Assert.Contains(servers, error.Message, StringComparison.Ordinal);
    }
}
