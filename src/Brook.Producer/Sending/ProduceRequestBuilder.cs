using Brook.Producer.Accumulator;
using Brook.Protocol.Messages;

namespace Brook.Producer.Sending;

/// <summary>
/// Builds the Produce request for one drained node. When the transport serializes a request before its send call
/// returns (<see cref="Network.ISenderTransport.FramesRequestsOnSend"/>), one request graph is reused for every send:
/// its topic and partition entries are kept in spare lists across sends, so a steady-state request allocates nothing.
/// Otherwise (test transports that keep the requests they were given) every call builds a fresh graph. Sender thread only.
/// </summary>
internal sealed class ProduceRequestBuilder
{
    private readonly ProduceRequest _reused;
    private readonly Stack<ProduceRequest.TopicProduceData> _spareTopics = new();
    private readonly Stack<ProduceRequest.PartitionProduceData> _sparePartitions = new();
    private readonly bool _reuse;
    private readonly short _acks;
    private readonly int _timeoutMs;
    private readonly string? _transactionalId;

    /// <summary>Creates the builder for requests with these header fields.</summary>
    public ProduceRequestBuilder(short acks, int timeoutMs, string? transactionalId, bool reuse)
    {
        _acks = acks;
        _timeoutMs = timeoutMs;
        _transactionalId = transactionalId;
        _reuse = reuse;
        _reused = New();
    }

    /// <summary>
    /// The request carrying <paramref name="batches"/> (each batch's sealed bytes, grouped by topic in first-seen
    /// order). With reuse it stays valid only until <see cref="Recycle"/>, which the caller invokes once it is sent.
    /// </summary>
    public ProduceRequest Build(List<ProducerBatch> batches)
    {
        var request = _reuse ? _reused : New();
        var topics = request.TopicData;
        foreach (var batch in batches)
        {
            var name = batch.TopicPartition.Topic;
            ProduceRequest.TopicProduceData? topic = null;
            foreach (var existing in topics)
            {
                if (string.Equals(existing.Name, name, StringComparison.Ordinal))
                {
                    topic = existing;
                    break;
                }
            }

            if (topic is null)
            {
                topic = _reuse && _spareTopics.TryPop(out var spare) ? spare : new ProduceRequest.TopicProduceData();
                topic.Name = name;
                topics.Add(topic);
            }

            var partition = _reuse && _sparePartitions.TryPop(out var sparePartition) ? sparePartition : new ProduceRequest.PartitionProduceData();
            partition.Index = batch.TopicPartition.Partition;
            partition.Records = batch.Sealed;
            topic.PartitionData.Add(partition);
        }

        return request;
    }

    /// <summary>Empties the reused request after its send (its entries go to the spare lists); no-op without reuse.</summary>
    public void Recycle(ProduceRequest request)
    {
        if (!_reuse || !ReferenceEquals(request, _reused))
        {
            return;
        }

        foreach (var topic in request.TopicData)
        {
            foreach (var partition in topic.PartitionData)
            {
                partition.Records = null; // no reference to a batch buffer outlives the send
                _sparePartitions.Push(partition);
            }

            topic.PartitionData.Clear();
            _spareTopics.Push(topic);
        }

        request.TopicData.Clear();
    }

    private ProduceRequest New() => new() { Acks = _acks, TimeoutMs = _timeoutMs, TransactionalId = _transactionalId };
}
