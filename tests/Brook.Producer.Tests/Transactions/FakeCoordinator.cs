using System.Collections.Concurrent;
using Brook.Producer.Network;
using Brook.Producer.Transactions;
using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Transactions;

/// <summary>
/// A scripted coordinator: answers each request from a per-API queue of responders (the last one repeats), records
/// what was sent and to which node. A responder may return a pending task to hold a request open.
/// </summary>
internal sealed class FakeCoordinator : ICoordinatorTransport
{
    private readonly ConcurrentDictionary<ApiKey, ConcurrentQueue<Func<IApiRequest, Task<IApiResponse>>>> _scripts = new();
    private readonly ConcurrentDictionary<ApiKey, Func<IApiRequest, Task<IApiResponse>>> _last = new();

    public ConcurrentQueue<(int? Node, IApiRequest Request)> Sent { get; } = new();

    public ConcurrentQueue<BrokerNode> Added { get; } = new();

    /// <summary>Coordinator node returned by the default FindCoordinator answer.</summary>
    public int CoordinatorNode { get; set; } = 7;

    public FakeCoordinator()
    {
        On(ApiKey.FindCoordinator, _ => new FindCoordinatorResponse { NodeId = CoordinatorNode, Host = "127.0.0.1", Port = 9000 + CoordinatorNode });
        On(ApiKey.InitProducerId, _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 3 });
        On(ApiKey.AddPartitionsToTxn, request => AddPartitionsAnswer((AddPartitionsToTxnRequest)request, 0));
        On(ApiKey.AddOffsetsToTxn, _ => new AddOffsetsToTxnResponse());
        On(ApiKey.TxnOffsetCommit, request => TxnOffsetCommitAnswer((TxnOffsetCommitRequest)request, 0));
        On(ApiKey.EndTxn, _ => new EndTxnResponse());
    }

    /// <summary>Replaces the script of <paramref name="key"/> with answers used in order; the last repeats.</summary>
    public void On(ApiKey key, params Func<IApiRequest, IApiResponse>[] answers)
    {
        var queue = new ConcurrentQueue<Func<IApiRequest, Task<IApiResponse>>>();
        foreach (var answer in answers)
        {
            queue.Enqueue(r => Task.FromResult(answer(r)));
        }

        _scripts[key] = queue;
    }

    /// <summary>Holds the next request of <paramref name="key"/> open until the returned source is completed.</summary>
    public TaskCompletionSource<IApiResponse> Hold(ApiKey key)
    {
        var hold = new TaskCompletionSource<IApiResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = _scripts[key];
        var rest = queue.ToArray();
        queue.Clear();
        queue.Enqueue(_ => hold.Task);
        foreach (var item in rest)
        {
            queue.Enqueue(item);
        }

        if (rest.Length == 0 && _last.TryGetValue(key, out var last))
        {
            queue.Enqueue(last);
        }

        return hold;
    }

    public List<T> SentOf<T>()
        where T : IApiRequest => Sent.Select(s => s.Request).OfType<T>().ToList();

    public ValueTask<IApiResponse> SendAsync(int? nodeId, IApiRequest request, CancellationToken cancellationToken)
    {
        Sent.Enqueue((nodeId, request));
        var queue = _scripts[request.ApiKey];
        if (queue.TryDequeue(out var next))
        {
            _last[request.ApiKey] = next;
            if (queue.IsEmpty)
            {
                queue.Enqueue(next);
            }
        }
        else
        {
            next = _last[request.ApiKey];
        }

        return new ValueTask<IApiResponse>(next(request));
    }

    public void AddNode(BrokerNode node) => Added.Enqueue(node);

    public static AddPartitionsToTxnResponse AddPartitionsAnswer(AddPartitionsToTxnRequest request, short error)
    {
        var response = new AddPartitionsToTxnResponse();
        foreach (var topic in request.Topics)
        {
            var result = new AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                result.ResultsByPartition.Add(new AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult { PartitionIndex = p, PartitionErrorCode = error });
            }

            response.Results.Add(result);
        }

        return response;
    }

    public static TxnOffsetCommitResponse TxnOffsetCommitAnswer(TxnOffsetCommitRequest request, short error)
    {
        var response = new TxnOffsetCommitResponse();
        foreach (var topic in request.Topics)
        {
            var result = new TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                result.Partitions.Add(new TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = error });
            }

            response.Topics.Add(result);
        }

        return response;
    }
}
