using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// The engines of this build: none of the producer, reader or cluster network layer is on main yet, so each member
/// fails with one clear error (exit code 1) instead of inventing results. Replace member by member as they land.
/// </summary>
internal sealed class UnavailableEngines : IBrookEngines
{
    /// <inheritdoc />
    public ValueTask<IRunningCluster> StartClusterAsync(ClusterPlan plan, CancellationToken cancellationToken = default) =>
        throw Missing("the embedded cluster's network layer (EmbeddedCluster)");

    /// <inheritdoc />
    public ValueTask CheckReachableAsync(string bootstrap, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public IPerfProducer CreatePerfProducer(ProducerOptions options) => throw Missing("the Brook producer");

    /// <inheritdoc />
    public IRecordProducer CreateRecordProducer(ProducerOptions options) => throw Missing("the Brook producer");

    /// <inheritdoc />
    public IRecordReader CreateReader(ReaderOptions options) => throw Missing("the fetch-based reader");

    /// <inheritdoc />
    public ValueTask<DoctorProbeResult> ProbeAsync(string bootstrap, string topic, ProducerOptions options, CancellationToken cancellationToken = default) =>
        throw Missing("the Brook producer");

    private static CliException Missing(string what) => new($"{what} is not available in this build of brook.");
}
