using System.Globalization;
using Brook.Producer.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    private readonly Dictionary<string, int> _groupCoordinators = new(StringComparer.Ordinal);
    private int? _transactionCoordinator;

    /// <summary>
    /// Sends a request to the transaction coordinator (<paramref name="groupId"/> null) or to a group's coordinator and
    /// returns the first response whose error is not a coordinator or retry error: NOT_COORDINATOR and
    /// COORDINATOR_NOT_AVAILABLE (and disconnects) forget the coordinator and find it again; COORDINATOR_LOAD_IN_PROGRESS
    /// and CONCURRENT_TRANSACTIONS back off and retry. Bounded by <paramref name="deadlineMs"/> (KafkaTimeoutException).
    /// </summary>
    private async ValueTask<TResponse> CallCoordinatorAsync<TResponse>(string? groupId, IApiRequest request, Func<TResponse, ErrorCode> errorOf, long deadlineMs, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse
    {
        var attempts = 0;
        while (true)
        {
            var node = await FindCoordinatorAsync(groupId, deadlineMs, cancellationToken).ConfigureAwait(false);
            IApiResponse raw;
            try
            {
                raw = await _transport.SendAsync(node, request, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex) when (ex.IsRetriable)
            {
                ForgetCoordinator(groupId);
                await BackoffAsync(_retryBackoff, attempts++, deadlineMs, request, ex, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var response = raw as TResponse ?? throw new KafkaException(ErrorCode.UnknownServerError, $"{request.ApiKey} got a {raw.GetType().Name}, not a {typeof(TResponse).Name}.");
            var code = errorOf(response);
            switch (code)
            {
                case ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable:
                    ForgetCoordinator(groupId);
                    await BackoffAsync(_retryBackoff, attempts++, deadlineMs, request, new KafkaException(code), cancellationToken).ConfigureAwait(false);
                    continue;
                case ErrorCode.CoordinatorLoadInProgress:
                    await BackoffAsync(_retryBackoff, attempts++, deadlineMs, request, new KafkaException(code), cancellationToken).ConfigureAwait(false);
                    continue;
                case ErrorCode.ConcurrentTransactions:
                    await BackoffAsync(_concurrentBackoff, attempts++, deadlineMs, request, new KafkaException(code), cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return response;
            }
        }
    }

    /// <summary>The per-partition codes <see cref="CallCoordinatorAsync"/> retries (re-find, load, concurrent transaction).</summary>
    private static bool IsCoordinatorRetry(ErrorCode code) =>
        code is ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress or ErrorCode.ConcurrentTransactions;

    private async ValueTask<int> FindCoordinatorAsync(string? groupId, long deadlineMs, CancellationToken cancellationToken)
    {
        int? known;
        lock (_lock)
        {
            known = groupId is null ? _transactionCoordinator : (_groupCoordinators.TryGetValue(groupId, out var g) ? g : null);
        }

        if (known is { } cached)
        {
            return cached;
        }

        var key = groupId ?? _transactionalId;
        var keyType = groupId is null ? CoordinatorLookup.TransactionKeyType : CoordinatorLookup.GroupKeyType;

        // v0-3 read Key, v4+ CoordinatorKeys (KIP-699); the writer emits the one the negotiated version has.
        var request = new FindCoordinatorRequest { Key = key, KeyType = keyType, CoordinatorKeys = [key] };
        var attempts = 0;
        while (true)
        {
            FindCoordinatorResponse response;
            try
            {
                response = (FindCoordinatorResponse)await _transport.SendAsync(null, request, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex) when (ex.IsRetriable)
            {
                await BackoffAsync(_retryBackoff, attempts++, deadlineMs, request, ex, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (error, message, coordinator) = CoordinatorLookup.Read(response);
            var nodeId = coordinator.NodeId;
            if (error == ErrorCode.None && nodeId >= 0)
            {
                _transport.AddNode(coordinator);
                lock (_lock)
                {
                    if (groupId is null)
                    {
                        _transactionCoordinator = nodeId;
                    }
                    else
                    {
                        _groupCoordinators[groupId] = nodeId;
                    }
                }

                return nodeId;
            }

            var failure = new KafkaException(error, $"{ErrorCodes.Name(error)}: FindCoordinator for {(groupId is null ? "transactional.id" : "group")} '{key}' failed{(message is null ? string.Empty : ": " + message)}.");
            if (error is ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed)
            {
                throw SetFatalError(failure);
            }

            if (error == ErrorCode.GroupAuthorizationFailed)
            {
                throw new TransactionAbortableException(error, $"{failure.Message} Grant the producer's principal READ on the group, then abort and retry.", failure);
            }

            await BackoffAsync(_retryBackoff, attempts++, deadlineMs, request, failure, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ForgetCoordinator(string? groupId)
    {
        lock (_lock)
        {
            if (groupId is null)
            {
                _transactionCoordinator = null;
            }
            else
            {
                _groupCoordinators.Remove(groupId);
            }
        }
    }

    private async ValueTask BackoffAsync(Internals.ExponentialBackoff backoff, int attempts, long deadlineMs, IApiRequest request, KafkaException cause, CancellationToken cancellationToken)
    {
        var now = NowMs();
        var delay = backoff.BackoffMs(attempts);
        if (now + delay >= deadlineMs)
        {
            throw new KafkaTimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{request.ApiKey} for transactional.id '{_transactionalId}' did not succeed in time (max.block.ms={_maxBlockMs}); last error: {cause.Message} The call may be repeated."),
                cause);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
    }
}
