using Brook.Producer.Accumulator;
using Brook.Producer.Network;
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
        Interlocked.Increment(ref _passCount);

        // The dispatcher wakes once for the batches of all the answers handled here, not once per batch; and before
        // the drain and the writes, so callbacks (and the buffer memory they release) do not wait for them.
        var completions = _accumulator.CompletionSink as CompletionDispatcher;
        completions?.HoldWakeups();
        try
        {
            HandleCompletedRequests(nowMs);
        }
        finally
        {
            completions?.ReleaseWakeups();
        }

        var pollMs = Pass(nowMs);
        PublishDue(nowMs + Math.Min(pollMs, MaxSleepMs));
        return ValueTask.FromResult(pollMs);
    }

    private long Pass(long nowMs)
    {
        var pollMs = MaybeUpdateMetadata(nowMs);
        while (_accumulator.TryTakeAbortedWithSequence(out var aborted, out var generation, out var abortError))
        {
            // Failed off this thread (transaction abort) while queued for a retry: the sequencer hears it here.
            _idempotence?.OnFailed(aborted, abortError, BatchFailureKind.Closed);
            aborted.Release(generation);
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
        var sendable = _sendable;
        sendable.Clear();
        foreach (var node in ready.ReadyNodes)
        {
            if (InFlightFor(node) < _maxInFlight && _transport.IsReady(node))
            {
                sendable.Add(node);
            }
            else if (InFlightFor(node) < _maxInFlight)
            {
                pollMs = Math.Min(pollMs, Math.Max(5, _transport.ConnectionDelayMs(node)));
            }
        }

        // Each node's batches are drained straight into the pooled record of the request that will carry them.
        foreach (var node in sendable)
        {
            var pending = RentRequest(node, nowMs, isMetadata: false);
            var batches = pending.Batches;
            _accumulator.DrainNode(view, node, batches, _maxRequestSize, nowMs);
            if (batches.Count == 0)
            {
                ReturnRequest(pending);
                continue;
            }

            // The request holds its batches until its outcome was handled (a batch expired in flight still gets its
            // late answer): nothing completes a drained batch before this line, only this thread does.
            pending.HoldBatches();

            if (_maxInFlight == 1)
            {
                // Ordering without idempotence: one batch per partition on the wire (§4 step 4).
                foreach (var batch in batches)
                {
                    _accumulator.Mute(batch.TopicPartition);
                }
            }

            SendProduce(pending, nowMs);
        }

        sendable.Clear();
        ExpireBatches(nowMs);
        pollMs = Math.Min(pollMs, ready.NextReadyCheckDelayMs);
        pollMs = Math.Min(pollMs, NextExpiryDelayMs(nowMs));
        return Math.Max(0, pollMs);
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
        var pending = RentRequest(node, nowMs, isMetadata: true);
        _metadataInFlight = pending;
        Track(pending, _transport.SendInline(node, request));
        return long.MaxValue;
    }

    private void SendProduce(InFlightProduce pending, long nowMs)
    {
        var node = pending.NodeId;
        var batches = pending.Batches;
        var records = 0;
        foreach (var batch in batches)
        {
            batch.MaybeUpdateLeaderEpoch(_metadata.Current.LeaderEpoch(batch.TopicPartition));
            records += batch.RecordCount;
            _metrics?.RecordBatchSent(batch.TopicPartition.Topic, batch.RecordCount, batch.Sealed.Length, batch.EstimatedSizeInBytes - Brook.Protocol.Records.RecordBatchHeader.Size, batch.Builder.MaxRecordSize, (double)batch.Sealed.Length / Math.Max(1, batch.EstimatedSizeInBytes));
        }

        if (!_inFlight.TryGetValue(node, out var list))
        {
            _inFlight[node] = list = [];
        }

        list.Add(pending);
        _metrics?.RecordRequestSent(records);
        var request = _requests.Build(batches);
        ValueTask<IApiResponse?> send;
        try
        {
            send = _transport.SendInline(node, request);
        }
        catch (Exception ex)
        {
            // A transport that throws instead of failing the task (no Produce version in common, a framing error):
            // the request becomes a failed outcome like any other, so it neither sticks in _inFlight nor leaks into
            // the next request's reused graph.
            send = ValueTask.FromException<IApiResponse?>(ex);
        }
        finally
        {
            _requests.Recycle(request); // framed by now when the transport reuses nothing (FramesRequestsOnSend)
        }

        Track(pending, send);
    }

    // Request records are pooled on the sender thread: rented per request, returned once its outcome is handled.
    private InFlightProduce RentRequest(int node, long nowMs, bool isMetadata)
    {
        var pending = _spareRequests.TryPop(out var spare) ? spare : new InFlightProduce();
        pending.Start(node, nowMs, isMetadata);
        return pending;
    }

    private void ReturnRequest(InFlightProduce pending)
    {
        pending.Clear();
        _spareRequests.Push(pending);
    }

    // Responses complete on I/O threads; they are queued and handled by a pass so all state stays single-threaded.
    // The continuation queues the outcome and, on the connection's reader that completed it, runs a pass there when
    // the token is free (Sender.Passes.cs); elsewhere it wakes the loop. No thread-pool hop and no async state machine
    // per request.
    private void Track(InFlightProduce pending, ValueTask<IApiResponse?> send)
    {
        if (send.IsCompleted)
        {
            OnSendCompleted(pending, send);
            return;
        }

        pending.Await(this, send);
    }

    /// <summary>Takes the outcome of a finished send into <paramref name="pending"/>, queues it and wakes the loop.</summary>
    internal void OnSendCompleted(InFlightProduce pending, ValueTask<IApiResponse?> send)
    {
        try
        {
            pending.Response = send.Result;
        }
        catch (Exception ex)
        {
            pending.Error = ex;

            // Only a refusal before queuing proves the bytes never left: a queued request can fail before SendAsync
            // returns (the caller writes it, another thread may close the connection right after) and may be persisted.
            pending.Written = ex is not RequestNotSentException;
        }

        _completed.Enqueue(pending);
        if (CanRunPassHere())
        {
            // The reader runs the pass after the frames of this receive (once for all of them), or leaves it to the
            // pass running elsewhere.
            ResponseCompletion.DeferPass(this);
        }
        else
        {
            Wakeup();
        }
    }
}
