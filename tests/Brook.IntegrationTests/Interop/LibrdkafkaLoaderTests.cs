using System.Runtime.InteropServices;
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

        if (OperatingSystem.IsLinux())
        {
            // The package's copy in this test's output folder (maps shows real paths, so compare from the runtimes/ folder on).
            var native = Path.Combine("runtimes", "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), "native");
            var fileName = Path.GetFileName(LibrdkafkaLoader.LoadedPath);
            Assert.EndsWith(Path.Combine(native, fileName), LibrdkafkaLoader.LoadedPath, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, native, fileName)));
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
