using Brook.TestSupport.Interop;

namespace Brook.Cli.Tests.Process;

/// <summary>brook perf as a process against librdkafka's mock cluster (a third-party broker implementation).</summary>
[Collection(BrookProcessCollection.Name)]
public sealed class MockClusterPerfProcessTests
{
    [Fact(Timeout = 300_000)]
    public async Task Perf_AgainstLibrdkafkaMockCluster_SendsEveryRecord()
    {
        using var mock = MockCluster.Start(brokers: 3);
        mock.CreateTopic("mock-perf", partitions: 3, replicationFactor: 3);

        var perf = await BrookProcess.RunAsync(["perf", "--bootstrap", mock.BootstrapServers, "--topic", "mock-perf", "--num-records", "5000", "--producer-props", "max.block.ms=20000"]);

        Assert.True(perf.ExitCode == 0, perf.Out + perf.Err);
        Assert.Matches(@"(?m)^5000 records sent, ", perf.Out);
    }
}
