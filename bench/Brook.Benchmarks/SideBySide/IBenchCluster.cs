namespace Brook.Benchmarks.SideBySide;

/// <summary>The broker side of a run. The mock cluster today; Brook.Cluster can plug in behind the same shape.</summary>
public interface IBenchCluster : IDisposable
{
    /// <summary>What clients bootstrap from.</summary>
    string BootstrapServers { get; }

    /// <summary>A short description for the report header.</summary>
    string Description { get; }

    /// <summary>Creates a fresh topic (runs never reuse one: offsets start at 0).</summary>
    void CreateTopic(string topic, int partitions);
}
