using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Sending;

internal sealed partial class Sender
{
    private void HandleCompletedRequests(long nowMs)
    {
        while (TakeNextCompleted() is { } pending)
        {
            if (pending.IsMetadata)
            {
                HandleMetadata(pending);
            }
            else
            {
                HandleProduceOutcome(pending, nowMs);
            }

            // Nothing refers to the request record (or its pooled response) after its outcome was handled.
            if (pending.Response is { } response)
            {
                _transport.Release(response);
            }

            ReturnRequest(pending);
        }
    }

    private void HandleProduceOutcome(InFlightProduce pending, long nowMs)
    {
        if (_inFlight.TryGetValue(pending.NodeId, out var list))
        {
            list.Remove(pending);
        }

        _metrics?.RecordRequestCompleted(nowMs - pending.SentMs);
        if (pending.Error is not null)
        {
            // Disconnect or request.timeout.ms (the connection closed): retriable; the leader may have moved.
            var error = pending.Error as KafkaException
                ?? new KafkaException(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: the request to node {pending.NodeId} failed: {pending.Error.Message}", pending.Error);
            _metadata.RequestUpdate();
            foreach (var batch in pending.Batches)
            {
                CompleteOrRetry(batch, error.ErrorCode, error, pending.Written, nowMs, leaderMoved: false);
            }

            return;
        }

        if (pending.Response is null)
        {
            // acks=0: done once written; no offset, and nothing confirms the write.
            foreach (var batch in pending.Batches)
            {
                Succeed(batch, -1, -1);
            }

            return;
        }

        HandleProduceResponse(pending, (ProduceResponse)pending.Response, nowMs);
    }

    // The connection answers a node's requests in order, but each answer reaches the loop through its own
    // asynchronous continuation and the thread pool may run those in either order. Handling them as they were queued
    // completed a partition's later batch before its earlier one (callbacks out of order at a batch boundary), so a
    // node's produce requests are handled strictly in send order: an answer waits until every earlier one is handled.
    private InFlightProduce? TakeNextCompleted()
    {
        while (_completed.TryDequeue(out var arrived))
        {
            if (arrived.IsMetadata)
            {
                return arrived;
            }

            arrived.HasArrived = true;
        }

        foreach (var list in _inFlight.Values)
        {
            foreach (var request in list)
            {
                if (request.HasArrived)
                {
                    return request;
                }

                if (!AllDone(request))
                {
                    break; // an earlier request still owes completions: later answers wait
                }

                // Every batch of this earlier request already completed (delivery.timeout.ms expired them): there is
                // nothing left to order behind it, so a later answer may be handled before its late answer arrives.
            }
        }

        return null;
    }

    private static bool AllDone(InFlightProduce request)
    {
        foreach (var batch in request.Batches)
        {
            if (!batch.IsDone)
            {
                return false;
            }
        }

        return true;
    }

    private void HandleMetadata(InFlightProduce pending)
    {
        _metadataInFlight = null;
        if (pending.Response is MetadataResponse response)
        {
            _metadata.HandleResponse(response);
            _metrics?.RecordMetadataRefresh();
        }
        else
        {
            _metadata.HandleFailure(pending.Error ?? new KafkaException(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: the metadata request to node {pending.NodeId} got no answer."));
        }
    }

    private void HandleProduceResponse(InFlightProduce pending, ProduceResponse response, long nowMs)
    {
        // KIP-951: NodeEndpoints and newer leaders (CurrentLeader) are applied before the batches decide to retry.
        _metadata.ApplyProduceResponse(response);
        foreach (var batch in pending.Batches)
        {
            var partition = FindPartition(response, batch.TopicPartition);
            if (partition is null)
            {
                _metadata.RequestUpdate(); // the broker did not answer for it: its view of the partition may differ
                var missing = new KafkaException(ErrorCode.UnknownServerError, $"UNKNOWN_SERVER_ERROR: the Produce response from node {pending.NodeId} has no entry for {batch.TopicPartition}; retrying.");
                CompleteOrRetry(batch, ErrorCode.NetworkException, missing, written: true, nowMs, leaderMoved: false);
                continue;
            }

            var code = (ErrorCode)partition.ErrorCode;
            if (code is ErrorCode.None or ErrorCode.DuplicateSequenceNumber)
            {
                Succeed(batch, code == ErrorCode.None ? partition.BaseOffset : -1, partition.LogAppendTimeMs);
                continue;
            }

            CompleteOrRetry(batch, code, SenderErrors.ForPartition(code, batch.TopicPartition, partition.ErrorMessage), written: true, nowMs, LeaderMoved(batch.TopicPartition, pending.NodeId, partition.CurrentLeader));
        }
    }

    // True when the cached leader is now the one the response named and not the node the batch went to: the hint was
    // applied (newer epoch), so the retry may go at once.
    private bool LeaderMoved(TopicPartition tp, int sentTo, ProduceResponse.LeaderIdAndEpoch? hint) =>
        hint is { LeaderId: >= 0, LeaderEpoch: >= 0 } && hint.LeaderId != sentTo
        && _metadata.Current.TryGetLeader(tp, out var leader, out var epoch) && leader == hint.LeaderId && epoch == hint.LeaderEpoch;

    private static ProduceResponse.PartitionProduceResponse? FindPartition(ProduceResponse response, TopicPartition tp)
    {
        foreach (var topic in response.Responses)
        {
            if (topic.Name != tp.Topic)
            {
                continue;
            }

            foreach (var partition in topic.PartitionResponses)
            {
                if (partition.Index == tp.Partition)
                {
                    return partition;
                }
            }
        }

        return null;
    }

    private void Succeed(ProducerBatch batch, long baseOffset, long logAppendTimeMs)
    {
        if (batch.IsDone)
        {
            // Expired while in flight: the records already failed, but the late answer still proves the sequences
            // were written, which resolves an unresolved partition without a bump (§6, as Java does).
            if (batch.Error is not null && !batch.IsSplit)
            {
                _idempotence?.OnSucceeded(batch, baseOffset);
            }

            return;
        }

        _accumulator.Unmute(batch.TopicPartition);
        _idempotence?.OnSucceeded(batch, baseOffset);
        batch.RecordAttemptStatus(PersistenceRules.ForSuccess((Acks)_acks));
        if (batch.Succeed(baseOffset, logAppendTimeMs, batch.AttemptStatus))
        {
            // Only the completion that won deallocates: a second Deallocate could meet the batch recycled and rented again.
            _accumulator.Deallocate(batch);
        }
    }

    private void CompleteOrRetry(ProducerBatch batch, ErrorCode code, KafkaException error, bool written, long nowMs, bool leaderMoved)
    {
        if (batch.IsDone)
        {
            return;
        }

        _accumulator.Unmute(batch.TopicPartition);
        batch.RecordAttemptStatus(PersistenceRules.ForError(code, written));
        if (code == ErrorCode.MessageTooLarge && batch.RecordCount > 1)
        {
            // §3: not a retry; the pieces go back in order and complete the original when all are done.
            Diagnostics.SenderLog.Split(_log, batch);
            _accumulator.SplitAndReenqueue(batch);
            _idempotence?.OnSplit(batch);
            _metrics?.RecordBatchSplit();
            return;
        }

        var retriable = (error.IsRetriable && _idempotence?.FatalError is null) || (_idempotence?.CanRetry(batch, error) ?? false);
        if (retriable && batch.Attempts < _retries && !batch.HasReachedDeliveryTimeout(_deliveryTimeoutMs, nowMs))
        {
            // The metadata refresh a retry may need was requested once per answer by the caller (ApplyProduceResponse,
            // the failed-request path, the missing-entry path), not again per batch here.
            // KIP-951: a newer leader named in the response is used at once and the retry skips its backoff.
            var skipBackoff = leaderMoved;

            _metrics?.RecordRetries(batch.TopicPartition.Topic, batch.RecordCount);
            _accumulator.Reenqueue(batch, nowMs, skipBackoff);
            Diagnostics.SenderLog.Retrying(_log, batch, error, _retries);
            return;
        }

        Fail(batch, error, batch.AttemptStatus, retriable ? BatchFailureKind.RetriesExhausted : BatchFailureKind.Rejected);
    }

    private void Fail(ProducerBatch batch, KafkaException error, PersistenceStatus status, BatchFailureKind kind)
    {
        _idempotence?.OnFailed(batch, error, kind);
        Diagnostics.SenderLog.Failed(_log, batch, error, kind);
        _metrics?.RecordErrors(batch.TopicPartition.Topic, batch.RecordCount);
        if (batch.Fail(error, status))
        {
            _accumulator.Deallocate(batch);
        }
    }

    // §6: queued batches from each deque head; in-flight ones without waiting for their response.
    private void ExpireBatches(long nowMs)
    {
        foreach (var batch in _accumulator.ExpiredBatches(nowMs))
        {
            var status = batch.Attempts > 0 ? batch.AttemptStatus : PersistenceStatus.NotPersisted;
            var leader = _metadata.Current.TryGetLeader(batch.TopicPartition, out var node, out _) ? node : (int?)null;
            var waitedFor = SenderErrors.QueuedWaitReason(batch, _idempotence?.Sequencer, leader, leader is { } l && _transport.IsReady(l));
            Fail(batch, SenderErrors.DeliveryTimeout(batch, _deliveryTimeoutMs, nowMs, inFlight: false, waitedFor), status, BatchFailureKind.Expired);
        }

        foreach (var list in _inFlight.Values)
        {
            foreach (var request in list)
            {
                foreach (var batch in request.Batches)
                {
                    if (!batch.IsDone && batch.HasReachedDeliveryTimeout(_deliveryTimeoutMs, nowMs))
                    {
                        _accumulator.Unmute(batch.TopicPartition);
                        batch.RecordAttemptStatus(PersistenceStatus.PossiblyPersisted);
                        Fail(batch, SenderErrors.DeliveryTimeout(batch, _deliveryTimeoutMs, nowMs, inFlight: true), batch.AttemptStatus, BatchFailureKind.Expired);
                    }
                }
            }
        }
    }

    private long NextExpiryDelayMs(long nowMs)
    {
        var next = long.MaxValue;
        foreach (var list in _inFlight.Values)
        {
            foreach (var request in list)
            {
                foreach (var batch in request.Batches)
                {
                    if (!batch.IsDone)
                    {
                        next = Math.Min(next, Math.Max(0, batch.CreatedMs + _deliveryTimeoutMs - nowMs));
                    }
                }
            }
        }

        return next;
    }

    private void FailEverything(KafkaException error)
    {
        _accumulator.AbortUndrainedBatches(error);
        foreach (var list in _inFlight.Values)
        {
            foreach (var request in list)
            {
                foreach (var batch in request.Batches)
                {
                    if (!batch.IsDone)
                    {
                        batch.RecordAttemptStatus(PersistenceStatus.PossiblyPersisted);
                        Fail(batch, error, batch.AttemptStatus, BatchFailureKind.Closed);
                    }
                }
            }

            list.Clear();
        }
    }
}
