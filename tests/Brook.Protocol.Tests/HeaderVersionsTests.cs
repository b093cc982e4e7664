namespace Brook.Protocol.Tests;

public sealed class HeaderVersionsTests
{
    [Theory]
    [InlineData(ApiKey.Produce, 8, 1, 0)]
    [InlineData(ApiKey.Produce, 9, 2, 1)]
    [InlineData(ApiKey.Metadata, 9, 2, 1)]
    [InlineData(ApiKey.Fetch, 11, 1, 0)]
    [InlineData(ApiKey.Fetch, 12, 2, 1)]
    [InlineData(ApiKey.ApiVersions, 2, 1, 0)]
    [InlineData(ApiKey.ApiVersions, 3, 2, 0)]
    [InlineData(ApiKey.ApiVersions, 4, 2, 0)]
    [InlineData(ApiKey.InitProducerId, 2, 2, 1)]
    [InlineData(ApiKey.ControlledShutdown, 0, 0, -1)]
    public void Versions_FollowFlexibilityAndExceptions(ApiKey key, short version, short request, short response)
    {
        Assert.Equal(request, HeaderVersions.Request(key, version));
        if (response >= 0)
        {
            Assert.Equal(response, HeaderVersions.Response(key, version));
        }
    }

    [Fact]
    public void Request_UnknownKey_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => HeaderVersions.Request((ApiKey)999, 0));
        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
    }
}
