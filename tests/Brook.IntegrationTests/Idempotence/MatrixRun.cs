using Brook.Producer;
using Brook.TestSupport.Verification;

namespace Brook.IntegrationTests.Idempotence;

/// <summary>Counts one fault-matrix run's deliveries and lets the driver await an acknowledged-record count.</summary>
internal sealed class MatrixRun
{
    private readonly Lock _gate = new();
    private readonly List<(long Threshold, TaskCompletionSource Reached)> _waiters = [];
    private long _acknowledged;
    private long _failed;

    public MatrixRun(int records)
    {
        Ledger = new RecordLedger(fillerBytes: 88, keyed: false, headerCount: 0);
        OnDelivered = Delivered;
        _ = records;
    }

    public RecordLedger Ledger { get; }

    public Action<DeliveryResult<byte[]?, byte[]>> OnDelivered { get; }

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    public string? FirstError { get; private set; }

    /// <summary>Completes once <paramref name="threshold"/> records were acknowledged (bounded at 120 s).</summary>
    public Task WaitForAcknowledged(long threshold, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Acknowledged >= threshold)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((threshold, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        }
    }

    private void Delivered(DeliveryResult<byte[]?, byte[]> result)
    {
        if (result.Error is not null)
        {
            Interlocked.Increment(ref _failed);
            FirstError ??= result.Error.Message;
            return;
        }

        var acknowledged = Interlocked.Increment(ref _acknowledged);
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (acknowledged >= _waiters[i].Threshold)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
