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

    /// <summary>
    /// CPU time (user + kernel, all threads) the cluster has used so far, or null when it shares this process (its
    /// CPU cannot be told apart from the client's).
    /// </summary>
    TimeSpan? ProcessorTime { get; }
}
