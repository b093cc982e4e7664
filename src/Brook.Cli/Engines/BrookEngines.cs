using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// The engines this build ships: the real <see cref="Brook.Cluster.EmbeddedCluster"/>, Brook's producer
/// (<see cref="KafkaPerfProducer"/>, <see cref="KafkaRecordProducer"/>), the fetch-based reader
/// (<see cref="TopicRecordReader"/>) and the doctor's connectivity probe (<see cref="ConnectivityProbe"/>). Plug each
/// one in here, in one place.
/// </summary>
internal sealed class BrookEngines : IBrookEngines
{
    /// <inheritdoc />
    public ValueTask<IRunningCluster> StartClusterAsync(ClusterPlan plan, CancellationToken cancellationToken = default) =>
        EmbeddedClusterControl.StartAsync(plan, cancellationToken);

    /// <inheritdoc />
    public ValueTask CheckReachableAsync(string bootstrap, CancellationToken cancellationToken = default) =>
        BootstrapCheck.CheckAsync(bootstrap, TimeProvider.System, cancellationToken);

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
