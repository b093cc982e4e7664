using System.Threading.Tasks.Sources;
using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// One request awaiting its response (or, for acks=0, its write): a pooled <see cref="IValueTaskSource{TResult}"/>
/// so a steady-state send allocates no Task. It returns itself to its connection's pool when the awaiter takes the result.
/// </summary>
internal sealed class InFlightRequest : IValueTaskSource<IApiResponse?>
{
    private readonly BrokerConnection _owner;
    private ManualResetValueTaskSourceCore<IApiResponse?> _core;

    public InFlightRequest(BrokerConnection owner)
    {
        _owner = owner;
    }

    /// <summary>Correlation id written in the request header.</summary>
    public int CorrelationId { get; private set; }

    /// <summary>The API of the request, to pick the response decoder.</summary>
    public ApiKey ApiKey { get; private set; }

    /// <summary>The version the request was written in; the response uses the same.</summary>
    public short Version { get; private set; }

    /// <summary>Timestamp (TimeProvider ticks) after which the request times out.</summary>
    public long DeadlineTimestamp { get; private set; }

    /// <summary>For acks=0: the send-stream offset just past this request; completed once the writer passes it.</summary>
    public long EndOffset { get; set; }

    /// <summary>The awaitable for this use.</summary>
    public ValueTask<IApiResponse?> Task => new(this, _core.Version);

    /// <summary>Prepares the object for one request.</summary>
    public void Start(int correlationId, ApiKey key, short version, long deadlineTimestamp, bool inlineContinuation = false)
    {
        // Asynchronous by default: most awaiters must never run on the socket reader. The sender's does (it only queues).
        _core.RunContinuationsAsynchronously = !inlineContinuation;
        CorrelationId = correlationId;
        ApiKey = key;
        Version = version;
        DeadlineTimestamp = deadlineTimestamp;
    }

    /// <summary>Completes with the decoded response (null for acks=0).</summary>
    public void Complete(IApiResponse? response) => _core.SetResult(response);

    /// <summary>Fails the request.</summary>
    public void Fail(Exception error) => _core.SetException(error);

    /// <inheritdoc/>
    public IApiResponse? GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _owner.ReturnToPool(this);
        }
    }

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
