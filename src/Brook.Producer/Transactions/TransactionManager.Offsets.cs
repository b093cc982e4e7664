using Brook.Producer.Internals;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    /// <summary>
    /// Adds consumer offsets to the open transaction: AddOffsetsToTxn to the transaction coordinator, then
    /// TxnOffsetCommit to the group's coordinator with the member's generation, member id and group instance id
    /// (KIP-447: a member fenced by a rebalance is rejected). The offsets become visible to the group only when the
    /// transaction commits. Bounded by max.block.ms.
    /// </summary>
    public async ValueTask SendOffsetsToTransactionAsync(IReadOnlyList<TopicPartitionOffset> offsets, ConsumerGroupMetadata group, CancellationToken cancellationToken)
    {
        EnterOperation(nameof(SendOffsetsToTransactionAsync));
        try
        {
            lock (_lock)
            {
                ThrowIfErrorState();
                if (_state != TransactionState.InTransaction)
                {
                    throw new InvalidOperationException($"SendOffsetsToTransactionAsync needs an open transaction (state {_state}): call BeginTransaction first.");
                }
            }

            var deadline = NowMs() + _maxBlockMs;
            var add = new AddOffsetsToTxnRequest { TransactionalId = _transactionalId, ProducerId = ProducerId, ProducerEpoch = ProducerEpoch, GroupId = group.GroupId };
            var added = await CallCoordinatorAsync<AddOffsetsToTxnResponse>(null, add, static r => (ErrorCode)r.ErrorCode, deadline, cancellationToken).ConfigureAwait(false);
            ThrowOnError((ErrorCode)added.ErrorCode, $"AddOffsetsToTxn for group '{group.GroupId}'");
            lock (_lock)
            {
                _offsetsAdded = true;
            }

            var commit = BuildTxnOffsetCommit(offsets, group);
            var committed = await CallCoordinatorAsync<TxnOffsetCommitResponse>(group.GroupId, commit, FirstRetryError, deadline, cancellationToken).ConfigureAwait(false);
            foreach (var topic in committed.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    ThrowOnError((ErrorCode)partition.ErrorCode, $"TxnOffsetCommit of {topic.Name} [{partition.PartitionIndex}] for group '{group.GroupId}'");
                }
            }
        }
        catch (TransactionAbortableException ex)
        {
            SetAbortableError(ex);
            throw;
        }
        finally
        {
            ExitOperation();
        }
    }

    private TxnOffsetCommitRequest BuildTxnOffsetCommit(IReadOnlyList<TopicPartitionOffset> offsets, ConsumerGroupMetadata group)
    {
        var request = new TxnOffsetCommitRequest
        {
            TransactionalId = _transactionalId,
            GroupId = group.GroupId,
            ProducerId = ProducerId,
            ProducerEpoch = ProducerEpoch,
            GenerationId = group.GenerationId,
            MemberId = group.MemberId,
            GroupInstanceId = group.GroupInstanceId,
        };
        foreach (var offset in offsets)
        {
            var topic = TopicEntries.FindOrAdd(request.Topics, offset.Topic, static t => t.Name, static name => new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic { Name = name });
            topic.Partitions.Add(new TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition { PartitionIndex = offset.Partition, CommittedOffset = offset.Offset.Value, CommittedLeaderEpoch = -1, CommittedMetadata = string.Empty });
        }

        return request;
    }

    private static ErrorCode FirstRetryError(TxnOffsetCommitResponse response)
    {
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                var code = (ErrorCode)partition.ErrorCode;
                if (IsCoordinatorRetry(code))
                {
                    return code;
                }
            }
        }

        return ErrorCode.None;
    }

    // Fatal codes poison the producer; anything else makes the transaction abortable.
    private void ThrowOnError(ErrorCode code, string what)
    {
        if (code == ErrorCode.None)
        {
            return;
        }

        var message = $"{ErrorCodes.Name(code)}: {what} failed: {ErrorCodes.Get(code).Description}";
        if (IsFatal(code))
        {
            throw SetFatalError(new KafkaException(code, message));
        }

        var hint = code is ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration or ErrorCode.FencedInstanceId
            ? " The consumer left the generation it read in (a rebalance happened): abort, and reprocess from the committed offsets."
            : " Abort the transaction and retry.";
        throw new TransactionAbortableException(code, message + hint);
    }
}
