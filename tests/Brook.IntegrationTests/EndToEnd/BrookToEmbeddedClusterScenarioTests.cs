namespace Brook.IntegrationTests.EndToEnd;

/// <summary>The same producer scenarios as <see cref="BrookToMockClusterTests"/>, against Brook.Cluster.</summary>
public sealed class BrookToEmbeddedClusterScenarioTests(EmbeddedScenarioCluster cluster)
    : BrookProducerScenarios(cluster), IClassFixture<EmbeddedScenarioCluster>;
