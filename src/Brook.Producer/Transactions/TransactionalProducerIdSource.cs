using Brook.Producer.Idempotence;

namespace Brook.Producer.Transactions;

/// <summary>
/// The transactional producer's <see cref="IProducerIdSource"/>: the id and epoch come from the transaction manager's
/// InitProducerId (InitTransactionsAsync, on the caller's thread; again after an abort that needed a KIP-360 bump),
/// which wakes the sender when they arrive. Until then nothing drains. Sender thread only.
/// </summary>
internal sealed class TransactionalProducerIdSource(TransactionManager transactions) : IProducerIdSource
{
    /// <inheritdoc />
    public void Begin(ProducerIdAndEpoch current, long nowMs)
    {
        // Nothing to start: only the manager asks the coordinator (InitTransactionsAsync, and the KIP-360 bump after an
        // abort, picked up through TryTakeReplacement); a transactional epoch is never bumped locally.
    }

    /// <inheritdoc />
    public bool TryTakeReplacement(ProducerIdAndEpoch current, out ProducerIdAndEpoch replacement)
    {
        // The manager's pair changes after InitTransactionsAsync only by the KIP-360 bump that follows an abort.
        replacement = transactions.CurrentProducerId;
        return replacement.IsValid && replacement != current;
    }

    /// <inheritdoc />
    public ProducerIdPoll Poll(long nowMs)
    {
        var current = transactions.CurrentProducerId;
        if (current.IsValid)
        {
            return ProducerIdPoll.Obtained(current);
        }

        return transactions.State == TransactionState.FatalError && transactions.LastError is { } error
            ? ProducerIdPoll.Failed(error)
            : ProducerIdPoll.Pending(long.MaxValue);
    }
}
