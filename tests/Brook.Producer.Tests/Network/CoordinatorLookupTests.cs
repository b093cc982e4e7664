using Brook.Producer.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Network;

public sealed class CoordinatorLookupTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Request_BeforeV4_CarriesTheKeyAlone(short version)
    {
        var request = CoordinatorLookup.Request("txn-a", CoordinatorLookup.TransactionKeyType, version);

        Assert.Equal("txn-a", request.Key);
        Assert.Empty(request.CoordinatorKeys);
        Assert.Equal(1, request.KeyType);
    }

    [Fact]
    public void Request_V4_CarriesTheKeyInCoordinatorKeys()
    {
        var request = CoordinatorLookup.Request("group-a", CoordinatorLookup.GroupKeyType, 4);

        Assert.Equal(["group-a"], request.CoordinatorKeys);
        Assert.Equal(string.Empty, request.Key);
        Assert.Equal(0, request.KeyType);
    }

    [Fact]
    public void Read_V4Answer_TakesTheCoordinatorsEntry()
    {
        var response = new FindCoordinatorResponse
        {
            Coordinators = [new FindCoordinatorResponse.Coordinator { Key = "g", NodeId = 7, Host = "b7", Port = 9097, ErrorCode = (short)ErrorCode.None }],
        };

        var (error, message, node) = CoordinatorLookup.Read(response);

        Assert.Equal(ErrorCode.None, error);
        Assert.Null(message);
        Assert.Equal(new BrokerNode(7, "b7", 9097), node);
    }

    [Fact]
    public void Read_V0Answer_TakesTheTopLevelFields()
    {
        var response = new FindCoordinatorResponse
        {
            ErrorCode = (short)ErrorCode.CoordinatorNotAvailable,
            ErrorMessage = "loading",
            NodeId = -1,
        };

        var (error, message, node) = CoordinatorLookup.Read(response);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, error);
        Assert.Equal("loading", message);
        Assert.Equal(-1, node.NodeId);
    }
}
