using Brook.Producer.Internals;
using Brook.Producer.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Idempotence;

/// <summary>
/// The idempotent producer's id source: InitProducerId with a null transactional id to the least-loaded broker
/// (any broker allocates, broker-semantics.md §5), retried with the KIP-580 backoff on retriable errors and
/// disconnects. Queued batches wait meanwhile and expire by delivery.timeout.ms, which bounds the whole wait.
/// Non-retriable answers (e.g. CLUSTER_AUTHORIZATION_FAILED) are fatal. Sender thread only.
/// </summary>
internal sealed class InitProducerIdSource : IProducerIdSource
{
    private readonly ISenderTransport _transport;
    private readonly ExponentialBackoff _backoff;
    private readonly Action _wake;
    private readonly Action<Task> _onCompleted;
    private bool _active;
    private Task<IApiResponse?>? _inFlight;
    private int _attempts;
    private long _notBeforeMs;

    /// <summary>Creates the source.</summary>
    /// <param name="transport">The sender's connection layer.</param>
    /// <param name="backoff">Backoff between failed attempts (retry.backoff.ms / retry.backoff.max.ms).</param>
    /// <param name="wake">Wakes the sender loop when a response arrives.</param>
    public InitProducerIdSource(ISenderTransport transport, ExponentialBackoff backoff, Action wake)
    {
        _transport = transport;
        _backoff = backoff;
        _wake = wake;
        _onCompleted = _ => _wake();
    }

    /// <summary>InitProducerId requests sent so far (diagnostics and tests).</summary>
    public int RequestsSent { get; private set; }

    /// <inheritdoc />
    public void Begin(ProducerIdAndEpoch current, long nowMs)
    {
        if (_active)
        {
            return;
        }

        _active = true;
        _attempts = 0;
        _notBeforeMs = nowMs;
    }

    /// <inheritdoc />
    public bool TryTakeReplacement(ProducerIdAndEpoch current, out ProducerIdAndEpoch replacement)
    {
        // The idempotent producer bumps locally (ProducerIdManager); nothing arrives unasked.
        replacement = ProducerIdAndEpoch.None;
        return false;
    }

    /// <inheritdoc />
    public ProducerIdPoll Poll(long nowMs)
    {
        if (!_active)
        {
            return ProducerIdPoll.Idle;
        }

        if (_inFlight is { } task)
        {
            if (!task.IsCompleted)
            {
                return ProducerIdPoll.Pending(long.MaxValue);
            }

            _inFlight = null;
            var outcome = Read(task);
            if (outcome.Status is ProducerIdPollStatus.Obtained or ProducerIdPollStatus.Failed)
            {
                _active = false;
                return outcome;
            }

            _attempts++;
            _notBeforeMs = nowMs + _backoff.BackoffMs(_attempts - 1);
        }

        if (nowMs < _notBeforeMs)
        {
            return ProducerIdPoll.Pending(_notBeforeMs - nowMs);
        }

        if (_transport.LeastLoadedNode() is not { } node)
        {
            return ProducerIdPoll.Pending(Math.Max(5, _backoff.BackoffMs(_attempts)));
        }

        if (!_transport.IsReady(node))
        {
            return ProducerIdPoll.Pending(Math.Max(5, _transport.ConnectionDelayMs(node)));
        }

        // Java sends Integer.MAX_VALUE as the timeout of a non-transactional InitProducerId; brokers ignore it then.
        var request = new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = int.MaxValue };
        RequestsSent++;
        var send = _transport.SendAsync(node, request).AsTask();
        _inFlight = send;
        if (!send.IsCompleted)
        {
            send.ContinueWith(_onCompleted, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return ProducerIdPoll.Pending(long.MaxValue);
        }

        return Poll(nowMs);
    }

    private static ProducerIdPoll Read(Task<IApiResponse?> task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            // Disconnect or request.timeout.ms: retriable by definition.
            return ProducerIdPoll.Pending(0);
        }

        if (task.Result is not InitProducerIdResponse response)
        {
            return ProducerIdPoll.Pending(0);
        }

        var code = (ErrorCode)response.ErrorCode;
        if (code == ErrorCode.None)
        {
            var value = new ProducerIdAndEpoch(response.ProducerId, response.ProducerEpoch);
            return value.IsValid
                ? ProducerIdPoll.Obtained(value)
                : ProducerIdPoll.Failed(new FatalException(ErrorCode.UnknownServerError, $"InitProducerId answered NONE with an invalid producer id {response.ProducerId} / epoch {response.ProducerEpoch}; the broker is misbehaving."));
        }

        if (ErrorCodes.IsRetriable(code))
        {
            return ProducerIdPoll.Pending(0);
        }

        var fix = code == ErrorCode.ClusterAuthorizationFailed
            ? "Grant the producer's principal IdempotentWrite on the cluster, or set enable.idempotence=false."
            : "The broker refused to give this producer an id; set enable.idempotence=false if it cannot support idempotence.";
        return ProducerIdPoll.Failed(new FatalException(code, $"{ErrorCodes.Name(code)}: InitProducerId failed, so the idempotent producer cannot send. {fix}"));
    }
}
