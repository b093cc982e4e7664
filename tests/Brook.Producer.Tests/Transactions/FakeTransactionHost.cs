using Brook.Producer.Transactions;

namespace Brook.Producer.Tests.Transactions;

/// <summary>Records the manager's calls into the producer.</summary>
internal sealed class FakeTransactionHost : ITransactionHost
{
    public int Flushes { get; private set; }

    public int PendingWaits { get; private set; }

    public List<KafkaException> Aborted { get; } = [];

    public int Wakeups;

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        return ValueTask.CompletedTask;
    }

    public ValueTask WaitForPendingSendsAsync(CancellationToken cancellationToken)
    {
        PendingWaits++;
        return ValueTask.CompletedTask;
    }

    public int AbortUndrainedBatches(KafkaException error)
    {
        lock (Aborted)
        {
            Aborted.Add(error);
        }

        return 0;
    }

    public void WakeSender() => Interlocked.Increment(ref Wakeups);
}
