namespace Brook.IntegrationTests.EndToEnd;

/// <summary>Brook.Producer against librdkafka's mock cluster, a broker we did not write (issue 4).</summary>
public sealed class BrookToMockClusterTests(MockScenarioCluster cluster)
    : BrookProducerScenarios(cluster), IClassFixture<MockScenarioCluster>;
