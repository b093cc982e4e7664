using Brook.Producer.Network;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Sending;

/// <summary>A scripted connection layer (Kafka MockClient style): records requests, lets the test answer or fail them.</summary>
internal sealed class FakeTransport : ISenderTransport
{
    public HashSet<int> Down { get; } = [];

    public List<Sent> Requests { get; } = [];

    public List<BrokerNode> Nodes { get; } = [];

    public int? MetadataNode { get; set; } = 0;

    public bool IsReady(int nodeId) => !Down.Contains(nodeId);

    public long ConnectionDelayMs(int nodeId) => 0;

    /// <summary>When set, the next send returns already failed with it (as a connection that fails the request before SendAsync returns).</summary>
    public Exception? FailNextSynchronously { get; set; }

    /// <summary>When set, the next send throws it (as a connection with no Produce version in common does).</summary>
    public Exception? ThrowNext { get; set; }

    /// <summary>As a real connection: the request is framed during the send, so the sender may reuse its graph.</summary>
    public bool FramesRequestsOnSend { get; set; }

    /// <summary>Partition entries of each Produce request at the moment it was sent.</summary>
    public List<int> PartitionsAtSend { get; } = [];

    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request)
    {
        if (request is ProduceRequest produce)
        {
            PartitionsAtSend.Add(produce.TopicData.Sum(t => t.PartitionData.Count));
        }

        if (ThrowNext is { } thrown)
        {
            ThrowNext = null;
            throw thrown;
        }

        var sent = new Sent(nodeId, request, new TaskCompletionSource<IApiResponse?>());
        Requests.Add(sent);
        if (FailNextSynchronously is { } failure)
        {
            FailNextSynchronously = null;
            sent.Completion.SetException(failure);
        }

        if (request is ProduceRequest { Acks: 0 })
        {
            sent.Completion.SetResult(null);
        }

        return new ValueTask<IApiResponse?>(sent.Completion.Task);
    }

    public int? LeastLoadedNode() => MetadataNode;

    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
        Nodes.Clear();
        Nodes.AddRange(brokers);
    }

    public void AddNodes(IEnumerable<BrokerNode> brokers) => Nodes.AddRange(brokers);

    public int Rebootstraps { get; private set; }

    /// <summary>Responses the sender handed back (<see cref="ISenderTransport.Release"/>), in order.</summary>
    public List<IApiResponse> Released { get; } = [];

    public void Release(IApiResponse response) => Released.Add(response);

    public void Rebootstrap() => Rebootstraps++;

    public IEnumerable<Sent> Produces => Requests.Where(r => r.Request is ProduceRequest);

    internal sealed record Sent(int NodeId, IApiRequest Request, TaskCompletionSource<IApiResponse?> Completion)
    {
        public ProduceRequest Produce => (ProduceRequest)Request;

        public void Answer(short error = 0, long baseOffset = 0, long logAppendTime = -1, int hintLeader = -1, int hintEpoch = -1)
        {
            var response = new ProduceResponse();
            foreach (var topic in Produce.TopicData)
            {
                var t = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
                foreach (var p in topic.PartitionData)
                {
                    t.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse
                    {
                        Index = p.Index,
                        ErrorCode = error,
                        BaseOffset = error == 0 ? baseOffset : -1,
                        LogAppendTimeMs = logAppendTime,
                        CurrentLeader = new ProduceResponse.LeaderIdAndEpoch { LeaderId = hintLeader, LeaderEpoch = hintEpoch },
                    });
                }

                response.Responses.Add(t);
            }

            Completion.SetResult(response);
        }
    }
}
