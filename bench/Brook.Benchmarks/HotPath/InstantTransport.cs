using Brook.Producer.Network;
using Brook.Protocol.Messages;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.HotPath;

/// <summary>
/// A broker that answers at once, for measuring the producer's own per-record work: metadata for one topic led by node
/// 0, and one cached successful ProduceResponse for every Produce request (nothing allocated per request here). While
/// <see cref="Paused"/> the broker is not ready, so records stay in the accumulator and a benchmark measures the
/// application thread alone.
/// </summary>
internal sealed class InstantTransport : ISenderTransport
{
    private readonly string _topic;
    private readonly int _partitions;
    private readonly ProduceResponse _produced;

    public InstantTransport(string topic, int partitions)
    {
        _topic = topic;
        _partitions = partitions;
        _produced = OneTopicAnswers.Produced(topic, partitions);
    }

    public bool Paused { get; set; }

    public bool IsReady(int nodeId) => !Paused;

    public long ConnectionDelayMs(int nodeId) => Paused ? 1_000 : 0;

    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request) => request switch
    {
        ProduceRequest produce => new ValueTask<IApiResponse?>(produce.Acks == 0 ? null : _produced),
        MetadataRequest => new ValueTask<IApiResponse?>(OneTopicAnswers.Metadata(_topic, _partitions)),
        _ => throw new NotSupportedException($"InstantTransport does not answer {request.GetType().Name}."),
    };

    public int? LeastLoadedNode() => 0;

    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
    }

    public void AddNodes(IEnumerable<BrokerNode> brokers)
    {
    }
}
