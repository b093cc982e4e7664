using Brook.Cluster.Producers;
using Brook.Cluster.Storage;
using Brook.Protocol.Errors;
using Brook.Protocol.Records;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>
    /// Handles the records of one partition of a Produce request received by <paramref name="brokerId"/>, with the
    /// per-partition checks of broker-semantics.md §1 (#5, #6, #8–#12, #14, #15) in order, then the append and the
    /// acks handling of §4. acks 0/1 and an acks=all batch whose HW is reached at once complete synchronously; other
    /// acks=all batches park until the HW passes them, <paramref name="timeoutMs"/> passes, or leadership moves.
    /// </summary>
    /// <remarks>Allocation-free on the success path except for chunk growth and a producer id's first batch.</remarks>
    public ValueTask<PartitionProduceResult> AppendAsync(int brokerId, ReadOnlySpan<byte> records, short acks, int timeoutMs, short produceVersion)
    {
        var framing = BatchValidator.ValidateFraming(records, produceVersion);
        if (framing != ErrorCode.None)
        {
            return new(PartitionProduceResult.Failed(framing));
        }

        var facts = RecordBatchHeader.Read(records);
        var contents = BatchValidator.ValidateContents(records, facts, Topic.Config.MaxMessageBytes);
        PartitionProduceResult result;
        AckWaiter? waiter = null;
        var crash = false;
        lock (_lock)
        {
            result = AppendLocked(brokerId, records, facts, acks, timeoutMs, contents, ref waiter, ref crash);
        }

        if (crash)
        {
            // Outside the partition lock: a crash takes the admin lock, then every partition lock in turn.
            _cluster.SetBrokerDown(brokerId, failover: true);
            return new(result);
        }

        return waiter is null ? new(result) : waiter.Task;
    }

    private PartitionProduceResult AppendLocked(
        int brokerId,
        ReadOnlySpan<byte> records,
        in RecordBatchHeader facts,
        short acks,
        int timeoutMs,
        ErrorCode contentsError,
        ref AckWaiter? waiter,
        ref bool crash)
    {
        // #8 leadership, #9 ISR (acks=all only, nothing appended), then the content checks #10–#14.
        if (LeaderId != brokerId || !_cluster.Brokers[brokerId].IsUp)
        {
            return PartitionProduceResult.Failed(ErrorCode.NotLeaderOrFollower);
        }

        if (acks == -1 && IsrCount < Topic.EffectiveMinIsr)
        {
            return PartitionProduceResult.Failed(ErrorCode.NotEnoughReplicas);
        }

        if (contentsError != ErrorCode.None)
        {
            return PartitionProduceResult.Failed(contentsError);
        }

        var lastSequence = 0;
        if (facts.ProducerId >= 0)
        {
            // #15 producer state (broker-semantics.md §2).
            lastSequence = Sequences.Add(facts.BaseSequence, facts.LastOffsetDelta);
            switch (Producers.Check(facts.ProducerId, facts.ProducerEpoch, facts.BaseSequence, lastSequence, out var original))
            {
                case ProducerCheck.Duplicate:
                    return new PartitionProduceResult(ErrorCode.None, original.FirstOffset, original.LogAppendTimeMs, Log.LogStartOffset);
                case ProducerCheck.InvalidProducerEpoch:
                    return PartitionProduceResult.Failed(ErrorCode.InvalidProducerEpoch);
                case ProducerCheck.OutOfOrderSequence:
                    return PartitionProduceResult.Failed(ErrorCode.OutOfOrderSequenceNumber);
            }

            // #16 transaction rules (§3).
            var txnError = CheckTransactionalAppend(facts);
            if (txnError != ErrorCode.None)
            {
                return PartitionProduceResult.Failed(txnError);
            }
        }

        // #17 append.
        var now = _cluster.NowMs;
        var logAppendTime = Topic.Config.TimestampType == MessageTimestampType.LogAppendTime;
        ref readonly var stored = ref Log.Append(records, facts, LeaderEpoch, now, logAppendTime);
        var answeredTime = logAppendTime ? stored.AppendTimeMs : -1;
        var success = new PartitionProduceResult(ErrorCode.None, stored.BaseOffset, answeredTime, Log.LogStartOffset);
        var required = stored.LastOffset + 1;
        if (facts.ProducerId >= 0)
        {
            Producers.Record(
                facts.ProducerId,
                facts.ProducerEpoch,
                new ProducerBatchMetadata(facts.BaseSequence, lastSequence, stored.BaseOffset, stored.LastOffset, answeredTime),
                stored.AppendTimeMs);
            if (facts.IsTransactional)
            {
                OnTransactionalAppend(facts.ProducerId, stored.BaseOffset);
            }
        }

        LeaderReplica!.LogEndOffset = Log.LogEndOffset;
        if (_crashAfterNextAppend)
        {
            // Fault: the leader dies before any follower copies the batch; the client sees a dropped connection.
            _crashAfterNextAppend = false;
            crash = true;
            return success with { CloseConnection = true };
        }

        Advance(now, fullTick: false);
        if (acks != -1 || HighWatermark >= required)
        {
            return success with { LogStartOffset = Log.LogStartOffset };
        }

        waiter = _waiterPool.Count > 0 ? _waiterPool.Pop() : new AckWaiter();
        waiter.Arm(this, required, now + Math.Max(0, timeoutMs), success);
        _waiters.PushBack(waiter);
        return default;
    }
}
