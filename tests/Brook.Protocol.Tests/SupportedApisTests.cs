namespace Brook.Protocol.Tests;

public sealed class SupportedApisTests
{
    // protocol.md §7, column "Brook.Cluster advertises".
    [Theory]
    [InlineData(ApiKey.ApiVersions, 0, 4, 3)]
    [InlineData(ApiKey.Metadata, 0, 12, 9)]
    [InlineData(ApiKey.Produce, 0, 11, 9)]
    [InlineData(ApiKey.InitProducerId, 0, 4, 2)]
    [InlineData(ApiKey.Fetch, 4, 12, 12)]
    [InlineData(ApiKey.ListOffsets, 1, 7, 6)]
    [InlineData(ApiKey.EndTxn, 0, 4, 3)]
    [InlineData(ApiKey.CreateTopics, 0, 7, 5)]
    public void Ranges_MatchProtocolTable(ApiKey key, short min, short max, short flexibleFrom)
    {
        var range = SupportedApis.Get(key);
        Assert.Equal(min, range.MinVersion);
        Assert.Equal(max, range.MaxVersion);
        Assert.Equal(flexibleFrom, range.FlexibleFrom);
    }

    [Fact]
    public void Produce_IsAdvertisedFromZeroButAcceptedFromThree()
    {
        var produce = SupportedApis.Get(ApiKey.Produce);
        Assert.True(produce.IsAdvertised(0));
        Assert.False(produce.IsAccepted(2));
        Assert.True(produce.IsAccepted(3));
        Assert.False(produce.IsAccepted(12));
    }

    [Fact]
    public void Telemetry_AndTxnMarkers_AreNeverAdvertised()
    {
        Assert.False(SupportedApis.TryGet(ApiKey.GetTelemetrySubscriptions, out _));
        Assert.False(SupportedApis.TryGet(ApiKey.PushTelemetry, out _));
        Assert.False(SupportedApis.TryGet(ApiKey.WriteTxnMarkers, out _));
    }
}
