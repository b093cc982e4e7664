using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Network;

public sealed class ApiVersionTableTests
{
    private static readonly BrokerNode Node = new(1, "127.0.0.1", 9092);

    [Fact]
    public void Negotiate_PicksTheLowerOfBothMaxima()
    {
        var table = ApiVersionTable.Negotiate([Entry(ApiKey.Produce, 0, 13), Entry(ApiKey.Metadata, 0, 7)]);

        Assert.Equal(11, table.GetVersion(ApiKey.Produce, Node));
        Assert.Equal(7, table.GetVersion(ApiKey.Metadata, Node));
    }

    [Fact]
    public void Negotiate_WhenRangesDoNotOverlap_MarksTheApiUnavailable()
    {
        var table = ApiVersionTable.Negotiate([Entry(ApiKey.Produce, 0, 2)]);

        Assert.False(table.TryGetVersion(ApiKey.Produce, out _));
        var error = Assert.Throws<FatalException>(() => table.GetVersion(ApiKey.Produce, Node));
        Assert.Equal(ErrorCode.UnsupportedVersion, error.ErrorCode);
        Assert.True(error.IsFatal);
    }

    [Fact]
    public void GetVersion_ForApiTheBrokerDoesNotList_SaysNotOffered()
    {
        var table = ApiVersionTable.Negotiate([Entry(ApiKey.Produce, 3, 11)]);

        var error = Assert.Throws<FatalException>(() => table.GetVersion(ApiKey.InitProducerId, Node));

        Assert.Contains("not offered", error.Message, StringComparison.Ordinal);
    }

    private static ApiVersionsResponse.ApiVersion Entry(ApiKey key, short min, short max) =>
        new() { ApiKey = (short)key, MinVersion = min, MaxVersion = max };
}
