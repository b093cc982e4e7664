using Brook.Producer.Accumulator;
using Brook.Protocol.Messages;

namespace Brook.Producer.Sending;

/// <summary>
/// One Produce (or Metadata) request on its way: the batches it carries and, once back, its outcome. Pooled by the
/// sender (<see cref="Sender"/> rents one per request and returns it once the outcome is handled): its batch list is
/// the drain's target and is reused with it, so a steady-state request allocates neither.
/// </summary>
internal sealed class InFlightProduce
{
    private readonly List<int> _generations = []; // the generation of each held batch, by index
    private Sender? _sender;
    private ValueTask<IApiResponse?> _send;
    private Action? _onCompleted;

    /// <summary>Where it went.</summary>
    public int NodeId { get; private set; }

    /// <summary>The batches it carries (empty for a Metadata request); filled by the drain, cleared on reuse.</summary>
    public List<ProducerBatch> Batches { get; } = [];

    /// <summary>When it was sent (Unix ms on the injected clock).</summary>
    public long SentMs { get; private set; }

    /// <summary>True for a Metadata request.</summary>
    public bool IsMetadata { get; private set; }

    /// <summary>The response (null for acks=0 or on failure).</summary>
    public IApiResponse? Response { get; set; }

    /// <summary>The failure (disconnect, request timeout), or null.</summary>
    public Exception? Error { get; set; }

    /// <summary>True once the outcome arrived (the sender handles a node's requests in send order).</summary>
    public bool HasArrived { get; set; }

    /// <summary>False when the request failed before it could reach the socket.</summary>
    public bool Written { get; set; } = true;

    /// <summary>Prepares a fresh or recycled record for one request to <paramref name="nodeId"/> (its batch list empty).</summary>
    public void Start(int nodeId, long sentMs, bool isMetadata)
    {
        NodeId = nodeId;
        SentMs = sentMs;
        IsMetadata = isMetadata;
        Response = null;
        Error = null;
        HasArrived = false;
        Written = true;
    }

    /// <summary>Takes a hold on every drained batch (released by <see cref="Clear"/>), so none is recycled while this request may still read it.</summary>
    public void HoldBatches()
    {
        foreach (var batch in Batches)
        {
            batch.Hold();
            _generations.Add(batch.Generation);
        }
    }

    /// <summary>
    /// Drops every reference (batches, response, error) before the record goes back to the pool, releasing the holds
    /// <see cref="HoldBatches"/> took (a pooled batch may be recycled by it).
    /// </summary>
    public void Clear()
    {
        for (var i = 0; i < _generations.Count; i++)
        {
            Batches[i].Release(_generations[i]);
        }

        _generations.Clear();
        Batches.Clear();
        Response = null;
        Error = null;
        _sender = null;
    }

    /// <summary>
    /// Hands the outcome of <paramref name="send"/> to <paramref name="sender"/> when it completes, on whichever thread
    /// completes it (the continuation only queues; no execution context is captured).
    /// </summary>
    public void Await(Sender sender, ValueTask<IApiResponse?> send)
    {
        _sender = sender;
        _send = send;
        send.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted ??= OnCompleted);
    }

    private void OnCompleted()
    {
        var send = _send;
        var sender = _sender!;
        _send = default;
        sender.OnSendCompleted(this, send);
    }
}
