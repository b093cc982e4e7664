using Brook.TestSupport.Interop;

namespace Brook.IntegrationTests.Interop;

/// <summary>One 3-broker librdkafka mock cluster shared by a test class (each test uses its own topics).</summary>
public sealed class MockClusterFixture : IDisposable
{
    public MockClusterFixture()
    {
        Cluster = MockCluster.Start(3);
        Cluster.SetControllerId(1);
    }

    public MockCluster Cluster { get; }

    public void Dispose() => Cluster.Dispose();
}
