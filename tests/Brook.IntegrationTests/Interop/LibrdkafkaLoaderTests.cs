using Brook.TestSupport.Interop;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Interop;

public sealed class LibrdkafkaLoaderTests
{
    [Fact]
    public void LoadedPath_IsTheOneLibrdkafkaConfluentMapped()
    {
        using (var producer = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig("127.0.0.1:1", Acks.Leader)))
        {
            Assert.NotNull(producer.Name);
        }

        using var cluster = MockCluster.Start(1);

        Assert.StartsWith(AppContext.BaseDirectory, LibrdkafkaLoader.LoadedPath, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal([LibrdkafkaLoader.LoadedPath], LibrdkafkaLoader.MappedLibrdkafkaFiles());
        }
    }

    [Fact]
    public void Version_MatchesConfluentsNativeVersion()
    {
        Assert.Equal("2.16.0", LibrdkafkaLoader.Version);
        Assert.Equal(Library.VersionString, LibrdkafkaLoader.Version);
    }
}
