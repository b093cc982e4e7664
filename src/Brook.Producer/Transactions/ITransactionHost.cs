namespace Brook.Producer.Transactions;

/// <summary>What the transaction manager needs from the producer around EndTxn: flush, drop unsent batches, wake the sender.</summary>
internal interface ITransactionHost
{
    /// <summary>Waits until every record sent so far completed (acknowledged or failed).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Waits until sends made so far that still wait for metadata or memory are in a batch (or failed).</summary>
    ValueTask WaitForPendingSendsAsync(CancellationToken cancellationToken);

    /// <summary>Fails every queued (not yet sent) batch with <paramref name="error"/>; returns how many.</summary>
    int AbortUndrainedBatches(KafkaException error);

    /// <summary>Wakes the sender loop (partitions were added to the transaction).</summary>
    void WakeSender();
}
