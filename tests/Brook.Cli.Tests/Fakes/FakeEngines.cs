using Brook.Cli.Engines;
using Brook.Producer;

namespace Brook.Cli.Tests.Fakes;

/// <summary>Engines whose pieces tests set; unset pieces fail like the real build.</summary>
internal sealed class FakeEngines : IBrookEngines
{
    private readonly UnavailableEngines _missing = new();

    public FakeCluster? Cluster { get; set; }

    public ClusterPlan? StartedPlan { get; private set; }

    public FakePerfProducer? PerfProducer { get; set; }

    public FakeRecordProducer? RecordProducer { get; set; }

    public List<ConsumedRecord>? Records { get; set; }

    public ReaderOptions? ReaderOptions { get; private set; }

    public ProducerOptions? ProducerOptions { get; private set; }

    public Func<ProducerOptions, DoctorProbeResult>? Probe { get; set; }

    public ValueTask<IRunningCluster> StartClusterAsync(ClusterPlan plan, CancellationToken cancellationToken = default)
    {
        StartedPlan = plan;
        return Cluster is null ? _missing.StartClusterAsync(plan, cancellationToken) : ValueTask.FromResult<IRunningCluster>(Cluster);
    }

    public string? Unreachable { get; set; }

    public ValueTask CheckReachableAsync(string bootstrap, CancellationToken cancellationToken = default) =>
        Unreachable is null ? ValueTask.CompletedTask : throw new CliException(Unreachable);

    public IPerfProducer CreatePerfProducer(ProducerOptions options)
    {
        ProducerOptions = options;
        return PerfProducer ?? _missing.CreatePerfProducer(options);
    }

    public IRecordProducer CreateRecordProducer(ProducerOptions options)
    {
        ProducerOptions = options;
        return RecordProducer ?? _missing.CreateRecordProducer(options);
    }

    public IRecordReader CreateReader(ReaderOptions options)
    {
        ReaderOptions = options;
        return Records is null ? _missing.CreateReader(options) : new ListReader(Records);
    }

    public ValueTask<DoctorProbeResult> ProbeAsync(string bootstrap, string topic, ProducerOptions options, CancellationToken cancellationToken = default) =>
        Probe is null ? _missing.ProbeAsync(bootstrap, topic, options, cancellationToken) : ValueTask.FromResult(Probe(options));

    private sealed class ListReader(List<ConsumedRecord> records) : IRecordReader
    {
        public async IAsyncEnumerable<ConsumedRecord> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var r in records)
            {
                await Task.Yield();
                yield return r;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
