namespace Brook.Benchmarks.SideBySide;

/// <summary>Which broker implementation a side-by-side run uses.</summary>
public enum ClusterKind
{
    /// <summary>librdkafka's mock cluster (a broker someone else wrote).</summary>
    Mock,

    /// <summary>Brook.Cluster's <c>EmbeddedCluster</c>.</summary>
    Brook,
}
