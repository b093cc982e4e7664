using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// The engines this build ships: the real <see cref="Brook.Cluster.EmbeddedCluster"/>, the fetch-based reader
/// (<see cref="TopicRecordReader"/>) and the doctor's connectivity probe (<see cref="ConnectivityProbe"/>); the
/// producer still fails clearly through <see cref="UnavailableEngines"/> until it lands on main. Plug each one in here,
/// in one place.
/// </summary>
internal sealed class BrookEngines : IBrookEngines
{
    private readonly UnavailableEngines _missing = new();

    /// <inheritdoc />
    public ValueTask<IRunningCluster> StartClusterAsync(ClusterPlan plan, CancellationToken cancellationToken = default) =>
        EmbeddedClusterControl.StartAsync(plan, cancellationToken);

    /// <inheritdoc />
    public IPerfProducer CreatePerfProducer(ProducerOptions options) => new KafkaPerfProducer(options);

    /// <inheritdoc />
    public IRecordProducer CreateRecordProducer(ProducerOptions options) => new KafkaRecordProducer(options);

    /// <inheritdoc />
    public IRecordReader CreateReader(ReaderOptions options) => new TopicRecordReader(options);

    /// <inheritdoc />
    public ValueTask<DoctorProbeResult> ProbeAsync(string bootstrap, string topic, ProducerOptions options, CancellationToken cancellationToken = default) =>
        ConnectivityProbe.ProbeAsync(bootstrap, topic, options, cancellationToken);
}
