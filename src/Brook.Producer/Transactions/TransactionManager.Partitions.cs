using Brook.Producer.Internals;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    private readonly HashSet<TopicPartition> _addInFlight = [];

    /// <summary>
    /// True when <paramref name="topicPartition"/> was added to the open transaction (its batches may be sent). When it
    /// was not, asks for it to be added (sender thread, under the partition's deque lock: takes only the leaf lock).
    /// </summary>
    public bool IsPartitionAdded(TopicPartition topicPartition)
    {
        lock (_lock)
        {
            if (_inTransaction.Contains(topicPartition))
            {
                return true;
            }
        }

        MaybeAddPartition(topicPartition);
        return false;
    }

    /// <summary>Partitions added to the open transaction so far (tests, diagnostics).</summary>
    public int PartitionsInTransaction
    {
        get
        {
            lock (_lock)
            {
                return _inTransaction.Count;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="topicPartition"/> for AddPartitionsToTxn unless it is added or queued. One request is in
    /// flight at a time and carries every partition queued meanwhile, so a burst of new partitions costs one round
    /// trip, and partitions already added keep flowing.
    /// </summary>
    public void MaybeAddPartition(TopicPartition topicPartition)
    {
        lock (_lock)
        {
            if (_state != TransactionState.InTransaction && _state != TransactionState.Committing)
            {
                return;
            }

            if (_inTransaction.Contains(topicPartition) || _addInFlight.Contains(topicPartition) || !_pending.Add(topicPartition) || _addLoopRunning)
            {
                return;
            }

            _addLoopRunning = true;
            _adding = Task.Run(AddPartitionsLoopAsync);
        }
    }

    private async Task AddPartitionsLoopAsync()
    {
        while (true)
        {
            List<TopicPartition> batch;
            lock (_lock)
            {
                if (_pending.Count == 0 || _state is not (TransactionState.InTransaction or TransactionState.Committing))
                {
                    _pending.Clear();
                    _addLoopRunning = false;
                    return;
                }

                batch = [.. _pending];
                _pending.Clear();
                _addInFlight.UnionWith(batch);
            }

            try
            {
                await AddPartitionsAsync(batch).ConfigureAwait(false);
            }
            catch (FatalException)
            {
                // Already in FatalError; the unsent batches were failed.
            }
            catch (KafkaException ex)
            {
                SetAbortableError(ex);
            }
#pragma warning disable CA1031 // A background loop must record any failure as the transaction's error rather than crash.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SetAbortableError(new KafkaException($"AddPartitionsToTxn failed: {ex.Message}", ex));
            }
            finally
            {
                lock (_lock)
                {
                    _addInFlight.Clear();
                }
            }

            _host.WakeSender();
        }
    }

    private async ValueTask AddPartitionsAsync(List<TopicPartition> partitions)
    {
        var deadline = NowMs() + _deliveryTimeoutMs;
        while (partitions.Count > 0)
        {
            var request = new AddPartitionsToTxnRequest { TransactionalId = _transactionalId, ProducerId = ProducerId, ProducerEpoch = ProducerEpoch };
            foreach (var tp in partitions)
            {
                var topic = TopicEntries.FindOrAdd(request.Topics, tp.Topic, static t => t.Name, static name => new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = name });
                topic.Partitions.Add(tp.Partition);
            }

            var response = await CallCoordinatorAsync<AddPartitionsToTxnResponse>(null, request, FirstRetryError, deadline, CancellationToken.None).ConfigureAwait(false);
            var retry = new List<TopicPartition>();
            KafkaException? failure = null;
            foreach (var topic in response.Results)
            {
                foreach (var result in topic.ResultsByPartition)
                {
                    var tp = new TopicPartition(topic.Name, result.PartitionIndex);
                    var code = (ErrorCode)result.PartitionErrorCode;
                    if (code == ErrorCode.None)
                    {
                        lock (_lock)
                        {
                            _inTransaction.Add(tp);
                        }
                    }
                    else if (code == ErrorCode.OperationNotAttempted)
                    {
                        // Another partition of the request failed; this one was not tried.
                        retry.Add(tp);
                    }
                    else if (failure is null || IsFatal(code))
                    {
                        failure = new KafkaException(code, $"{ErrorCodes.Name(code)}: AddPartitionsToTxn for {tp} in transactional.id '{_transactionalId}' failed: {ErrorCodes.Get(code).Description}");
                    }
                }
            }

            if (failure is not null)
            {
                if (IsFatal(failure.ErrorCode))
                {
                    throw SetFatalError(failure);
                }

                throw failure;
            }

            partitions = retry;
        }
    }

    // The request-level retry decision: a retriable per-partition error (all partitions share it) retries the request.
    private static ErrorCode FirstRetryError(AddPartitionsToTxnResponse response)
    {
        foreach (var topic in response.Results)
        {
            foreach (var result in topic.ResultsByPartition)
            {
                var code = (ErrorCode)result.PartitionErrorCode;
                if (IsCoordinatorRetry(code))
                {
                    return code;
                }
            }
        }

        return ErrorCode.None;
    }

    /// <summary>Waits for the AddPartitionsToTxn loop to go idle (before EndTxn).</summary>
    private Task AddingPartitions()
    {
        lock (_lock)
        {
            return _adding;
        }
    }
}
