using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// The one place where the CLI meets the producer, the reader and the embedded cluster. Commands do the parsing,
/// pacing, checking and printing; an engine does the I/O. <see cref="BrookEngines"/> is what ships;
/// <see cref="UnavailableEngines"/> (every member fails with a clear "not available in this build" error) is the
/// default the CLI tests start from.
/// </summary>
internal interface IBrookEngines
{
    /// <summary>Starts an embedded cluster on loopback and creates <see cref="ClusterPlan.Topics"/> before returning.</summary>
    ValueTask<IRunningCluster> StartClusterAsync(ClusterPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Fails with one clear <see cref="CliException"/> when no broker of <paramref name="bootstrap"/> accepts a connection.</summary>
    ValueTask CheckReachableAsync(string bootstrap, CancellationToken cancellationToken = default);

    /// <summary>A producer for <c>brook perf</c>; <paramref name="options"/> already validated.</summary>
    IPerfProducer CreatePerfProducer(ProducerOptions options);

    /// <summary>A producer for <c>brook produce</c>.</summary>
    IRecordProducer CreateRecordProducer(ProducerOptions options);

    /// <summary>A reader for <c>brook consume</c> and <c>brook verify</c>.</summary>
    IRecordReader CreateReader(ReaderOptions options);

    /// <summary>The doctor's live probe: connectivity steps, then a short produce with <paramref name="options"/>.</summary>
    ValueTask<DoctorProbeResult> ProbeAsync(string bootstrap, string topic, ProducerOptions options, CancellationToken cancellationToken = default);
}
