using Brook.Producer.Network;
using Brook.Protocol.Messages;
using Brook.TestSupport.Benchmarking;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A broker that answers at once: metadata for one topic led by node 0, and one cached successful ProduceResponse for
/// every Produce request (so the transport itself allocates nothing per request). Thread-safe; for allocation tests of
/// the producer's own send path, where the network and broker are not under test. After <see cref="Hold"/> it plays a
/// broker slower than the producer, whatever the machine's speed: Produce answers are held until the producer has to
/// wait for buffer.memory (<see cref="ReleaseOne"/>, wired to the producer's wait hook), or until <see cref="Open"/>.
/// </summary>
internal sealed class AnsweringTransport : ISenderTransport
{
    private readonly string _topic;
    private readonly int _partitions;
    private readonly ProduceResponse _produced;
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<IApiResponse?>> _held = new();
    private long _produceRequests;
    private bool _open = true;
    private bool _owed;

    public AnsweringTransport(string topic, int partitions)
    {
        _topic = topic;
        _partitions = partitions;
        _produced = OneTopicAnswers.Produced(topic, partitions);
    }

    public long ProduceRequests => Interlocked.Read(ref _produceRequests);

    // It answers from a cached response and keeps no request: the sender may reuse its request graph.
    public bool FramesRequestsOnSend => true;

    public bool IsReady(int nodeId) => true;

    public long ConnectionDelayMs(int nodeId) => 0;

    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request)
    {
        switch (request)
        {
            case ProduceRequest produce:
                Interlocked.Increment(ref _produceRequests);
                lock (_gate)
                {
                    if (!_open && !_owed && produce.Acks != 0)
                    {
                        var held = new TaskCompletionSource<IApiResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _held.Enqueue(held);
                        return new ValueTask<IApiResponse?>(held.Task);
                    }

                    _owed = false;
                }

                return new ValueTask<IApiResponse?>(produce.Acks == 0 ? null : _produced);
            case MetadataRequest:
                return new ValueTask<IApiResponse?>(OneTopicAnswers.Metadata(_topic, _partitions));
            default:
                throw new NotSupportedException($"AnsweringTransport does not answer {request.GetType().Name}.");
        }
    }

    /// <summary>From now on Produce answers wait for <see cref="ReleaseOne"/> or <see cref="Open"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _open = false;
        }
    }

    /// <summary>Answers every held request and answers at once from now on.</summary>
    public void Open()
    {
        TaskCompletionSource<IApiResponse?>[] held;
        lock (_gate)
        {
            _open = true;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var request in held)
        {
            request.SetResult(_produced);
        }
    }

    /// <summary>The producer waits for memory: answer the oldest held request, or the next one if none is held.</summary>
    public void ReleaseOne()
    {
        TaskCompletionSource<IApiResponse?>? oldest;
        lock (_gate)
        {
            if (!_held.TryDequeue(out oldest))
            {
                _owed = true;
            }
        }

        oldest?.SetResult(_produced);
    }

    public int? LeastLoadedNode() => 0;

    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
    }

    public void AddNodes(IEnumerable<BrokerNode> brokers)
    {
    }
}
