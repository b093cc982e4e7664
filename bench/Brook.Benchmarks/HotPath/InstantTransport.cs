using Brook.Producer.Network;
using Brook.Protocol.Messages;

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
    private readonly ProduceResponse _produced = new();

    public InstantTransport(string topic, int partitions)
    {
        _topic = topic;
        _partitions = partitions;
        var answer = new ProduceResponse.TopicProduceResponse { Name = topic };
        for (var p = 0; p < partitions; p++)
        {
            answer.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse { Index = p, BaseOffset = 0, LogAppendTimeMs = -1 });
        }

        _produced.Responses.Add(answer);
    }

    public bool Paused { get; set; }

    public bool IsReady(int nodeId) => !Paused;

    public long ConnectionDelayMs(int nodeId) => Paused ? 1_000 : 0;

    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request) => request switch
    {
        ProduceRequest produce => new ValueTask<IApiResponse?>(produce.Acks == 0 ? null : _produced),
        MetadataRequest => new ValueTask<IApiResponse?>(Metadata()),
        _ => throw new NotSupportedException($"InstantTransport does not answer {request.GetType().Name}."),
    };

    public int? LeastLoadedNode() => 0;

    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
    }

    public void AddNodes(IEnumerable<BrokerNode> brokers)
    {
    }

    private MetadataResponse Metadata()
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = _topic };
        for (var p = 0; p < _partitions; p++)
        {
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = 0, LeaderEpoch = 1 });
        }

        response.Topics.Add(topic);
        return response;
    }
}
