using Brook.Cluster.Transactions;

namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    private TransactionCoordinator? _transactions;

    /// <summary>The transaction coordinator (created on first use; ticked with the cluster).</summary>
    public TransactionCoordinator Transactions
    {
        get
        {
            var transactions = Volatile.Read(ref _transactions);
            if (transactions is not null)
            {
                return transactions;
            }

            Interlocked.CompareExchange(ref _transactions, new TransactionCoordinator(this), null);
            return _transactions!;
        }
    }

    private void TickTransactions() => Volatile.Read(ref _transactions)?.Tick();
}
