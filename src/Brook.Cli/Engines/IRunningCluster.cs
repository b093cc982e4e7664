using Brook.Cli.Faults;

namespace Brook.Cli.Engines;

/// <summary>A started embedded cluster: its bootstrap list, its fault API, and shutdown on dispose.</summary>
internal interface IRunningCluster : IClusterControl, IAsyncDisposable
{
    /// <summary>The bootstrap list, <c>127.0.0.1:P,127.0.0.1:P+1,…</c>.</summary>
    string BootstrapServers { get; }
}
