using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Protocol.Messages;

namespace Brook.Producer.Sending;

internal sealed partial class Sender
{
    /// <summary>
    /// One pass of the loop (Java <c>runOnce</c>): handle arrived responses, refresh metadata when needed, ready check,
    /// drain per ready node, expire timed-out batches, send one Produce request per node. Returns how long the loop may
    /// sleep before the next pass (it is woken earlier by <see cref="Wakeup"/>).
    /// </summary>
    public ValueTask<long> RunOnceAsync()
    {
        var nowMs = NowMs();
        HandleCompletedRequests(nowMs);
        var pollMs = MaybeUpdateMetadata(nowMs);
        while (_accumulator.TryTakeAbortedWithSequence(out var aborted, out var abortError))
        {
            // Failed off this thread (transaction abort) while queued for a retry: the sequencer hears it here.
            _idempotence?.OnFailed(aborted, abortError, BatchFailureKind.Closed);
        }

        if (_idempotence is { } idempotence)
        {
            // Producer id first (nothing drains without one), then KIP-360 bumps; a fatal error stops all sending.
            pollMs = Math.Min(pollMs, idempotence.RunOnce(nowMs));
            if (idempotence.FatalError is { } fatal)
            {
                _accumulator.AbortUndrainedBatches(fatal);
            }
        }

        // One snapshot per pass: the ready check and the drain agree on every leader.
        var view = _metadata.Current;
        var ready = _accumulator.Ready(view, nowMs);
        if (ready.UnknownLeaderTopics.Count > 0)
        {
            foreach (var topic in ready.UnknownLeaderTopics)
            {
                _metadata.Touch(topic);
            }

            _metadata.RequestUpdate();
            pollMs = Math.Min(pollMs, MaybeUpdateMetadata(nowMs));
        }

        // Drop nodes that cannot take another request now (not connected, or max.in.flight reached).
        List<int>? sendable = null;
        foreach (var node in ready.ReadyNodes)
        {
            if (InFlightFor(node) < _maxInFlight && _transport.IsReady(node))
            {
                (sendable ??= []).Add(node);
            }
            else if (InFlightFor(node) < _maxInFlight)
            {
                pollMs = Math.Min(pollMs, Math.Max(5, _transport.ConnectionDelayMs(node)));
            }
        }

        if (sendable is not null)
        {
            var drained = _accumulator.Drain(view, sendable, _maxRequestSize, nowMs);
            foreach (var (node, batches) in drained)
            {
                if (batches.Count == 0)
                {
                    continue;
                }

                if (_maxInFlight == 1)
                {
                    // Ordering without idempotence: one batch per partition on the wire (§4 step 4).
                    foreach (var batch in batches)
                    {
                        _accumulator.Mute(batch.TopicPartition);
                    }
                }

                SendProduce(node, batches, nowMs);
            }
        }

        ExpireBatches(nowMs);
        pollMs = Math.Min(pollMs, ready.NextReadyCheckDelayMs);
        pollMs = Math.Min(pollMs, NextExpiryDelayMs(nowMs));
        return ValueTask.FromResult(Math.Max(0, pollMs));
    }

    private int InFlightFor(int node) => _inFlight.TryGetValue(node, out var list) ? list.Count : 0;

    // Java's metadata updater inside NetworkClient.poll: at most one Metadata request in flight, timing and content
    // decided by MetadataManager, sent to the least-loaded node over the same transport as Produce.
    private long MaybeUpdateMetadata(long nowMs)
    {
        if (_metadataInFlight is not null)
        {
            return long.MaxValue;
        }

        var dueMs = _metadata.TimeToNextUpdateMs();
        if (dueMs > 0)
        {
            return dueMs;
        }

        if (_transport.LeastLoadedNode() is not { } node)
        {
            _metadata.HandleNoNodeAvailable();
            return Math.Max(5, _retryBackoffMs);
        }

        if (!_transport.IsReady(node))
        {
            return Math.Max(5, _transport.ConnectionDelayMs(node));
        }

        var request = _metadata.BuildRequest();
        var pending = new InFlightProduce(node, [], nowMs) { IsMetadata = true };
        _metadataInFlight = pending;
        Track(pending, _transport.SendAsync(node, request));
        return long.MaxValue;
    }

    private void SendProduce(int node, List<ProducerBatch> batches, long nowMs)
    {
        var request = new ProduceRequest { Acks = _acks, TimeoutMs = _requestTimeoutMs, TransactionalId = _transactionalId };
        var records = 0;
        foreach (var batch in batches)
        {
            var topic = TopicEntries.FindOrAdd(request.TopicData, batch.TopicPartition.Topic, static t => t.Name, static name => new ProduceRequest.TopicProduceData { Name = name });
            topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = batch.TopicPartition.Partition, Records = batch.Sealed });
            batch.MaybeUpdateLeaderEpoch(_metadata.Current.LeaderEpoch(batch.TopicPartition));
            records += batch.RecordCount;
            _metrics?.RecordBatchSent(batch.TopicPartition.Topic, batch.RecordCount, batch.Sealed.Length, batch.EstimatedSizeInBytes / Math.Max(1, batch.RecordCount), (double)batch.Sealed.Length / Math.Max(1, batch.EstimatedSizeInBytes));
        }

        var pending = new InFlightProduce(node, batches, nowMs);
        if (!_inFlight.TryGetValue(node, out var list))
        {
            _inFlight[node] = list = [];
        }

        list.Add(pending);
        _metrics?.RecordRequestSent(records);
        Track(pending, _transport.SendAsync(node, request));
    }

    // Responses complete on I/O threads; they are queued and handled by the loop so all state stays single-threaded.
    private void Track(InFlightProduce pending, ValueTask<IApiResponse?> send)
    {
        if (send.IsCompleted)
        {
            if (send.IsCompletedSuccessfully)
            {
                pending.Response = send.Result;
            }
            else
            {
                pending.Written = false;
                pending.Error = send.AsTask().Exception?.InnerException ?? new KafkaException("The request failed before it was written.");
            }

            _completed.Enqueue(pending);
            Wakeup();
            return;
        }

        _ = AwaitAsync(pending, send);
    }

    private async Task AwaitAsync(InFlightProduce pending, ValueTask<IApiResponse?> send)
    {
        try
        {
            pending.Response = await send.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            pending.Error = ex;
        }

        _completed.Enqueue(pending);
        Wakeup();
    }
}
