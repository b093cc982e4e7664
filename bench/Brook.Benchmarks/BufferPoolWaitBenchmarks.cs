using BenchmarkDotNet.Attributes;
using Brook.Producer.Memory;

namespace Brook.Benchmarks;

/// <summary>
/// The blocked-send path of buffer.memory: a reservation that finds the pool full, queues, and is served by the release
/// of the batch before it — what every new batch goes through when the producer outruns the brokers. Per wait, with and
/// without a cancellable token; the goal is 0 B allocated per wait
/// (pooled waiters, one shared max.block.ms timer, no registration for an uncancellable token). The producer-level
/// figure (a full buffer, 200,000 records, both send styles) is pinned by Brook.Producer.Tests' KafkaProducerAllocationTests.
/// </summary>
[MemoryDiagnoser]
public class BufferPoolWaitBenchmarks
{
    private const int BatchSize = 16384;
    private const int WaitsPerInvoke = 1_000;
    private readonly CancellationTokenSource _cts = new();
    private BufferPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BufferPool(BatchSize, BatchSize, TimeProvider.System);
        _pool.ReserveAsync(BatchSize, 60_000).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Close();
        _cts.Dispose();
    }

    /// <summary>Reserve (waits) → release of the previous batch serves it → result taken; no token.</summary>
    [Benchmark(OperationsPerInvoke = WaitsPerInvoke)]
    public void BlockedReserve() => WaitAndRelease(CancellationToken.None);

    /// <summary>As <see cref="BlockedReserve"/>, with a cancellable token registered per wait.</summary>
    [Benchmark(OperationsPerInvoke = WaitsPerInvoke)]
    public void BlockedReserveCancellable() => WaitAndRelease(_cts.Token);

    private void WaitAndRelease(CancellationToken token)
    {
        for (var i = 0; i < WaitsPerInvoke; i++)
        {
            var waiting = _pool.ReserveAsync(BatchSize, 60_000, token);
            _pool.Release(BatchSize);
            waiting.GetAwaiter().GetResult();
        }
    }
}
