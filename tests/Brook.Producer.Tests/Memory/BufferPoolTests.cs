using Brook.Producer.Memory;
using Brook.Producer.Metrics;
using Microsoft.Extensions.Time.Testing;
using Brook.Tests.Shared;

namespace Brook.Producer.Tests.Memory;

public sealed class BufferPoolTests
{
    private const int BatchSize = 1024;
    private const long MaxBlockMs = 2000;
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BufferPool Pool(long total = 4 * BatchSize, ProducerMetrics? metrics = null) => new(total, BatchSize, _time, metrics);

    private static async Task<T> Done<T>(ValueTask<T> task)
    {
        // Completion is driven synchronously by Deallocate / FakeTimeProvider.Advance; the guard only stops a hang.
        Assert.True(task.IsCompleted, "expected the allocation to have completed");
        return await task;
    }

    [Fact]
    public async Task Allocate_PoolableSize_ReusesReturnedBuffer()
    {
        var pool = Pool();
        var first = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        Assert.Equal(BatchSize, first.Length);
        Assert.Equal(3 * BatchSize, pool.AvailableMemory);
        pool.Deallocate(first);
        Assert.Equal(1, pool.FreeBufferCount);
        Assert.Equal(4 * BatchSize, pool.AvailableMemory);
        Assert.Same(first, await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct));
        Assert.Equal(0, pool.FreeBufferCount);
    }

    [Fact]
    public async Task Allocate_OtherSize_ComesFromNonPooledAndReleasesFreeBuffers()
    {
        var pool = Pool();
        var pooled = new List<byte[]>();
        for (var i = 0; i < 4; i++)
        {
            pooled.Add(await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct));
        }

        pooled.ForEach(pool.Deallocate);
        Assert.Equal(4, pool.FreeBufferCount);
        Assert.Equal(0, pool.UnallocatedMemory);

        var big = await pool.AllocateAsync(2500, MaxBlockMs, Ct);
        Assert.Equal(2500, big.Length);
        Assert.Equal(1, pool.FreeBufferCount);
        Assert.Equal(4 * BatchSize - 2500, pool.AvailableMemory);
        pool.Deallocate(big);
        Assert.Equal(4 * BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public void Allocate_LargerThanTotal_ThrowsRecordTooLarge()
    {
        var ex = Assert.Throws<RecordTooLargeException>(() => Pool().AllocateAsync(4 * BatchSize + 1, MaxBlockMs, Ct));
        Assert.Contains("buffer.memory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_WhenExhausted_WaitsAsynchronouslyUntilDeallocate()
    {
        var pool = Pool(2 * BatchSize);
        var a = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        _ = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);

        var waiting = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, pool.QueuedCount);

        pool.Deallocate(a);
        Assert.Same(a, await Done(waiting));
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public async Task Allocate_WaitersAreServedFifo_EvenWhenALaterOneWouldFit()
    {
        var pool = Pool(4 * BatchSize);
        var held = new List<byte[]>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct));
        }

        var first = pool.AllocateAsync(3 * BatchSize, MaxBlockMs, Ct);
        var second = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);

        // One buffer back: the head (needs 3) takes it piecewise; the second (needs 1) must not jump ahead.
        pool.Deallocate(held[0]);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        pool.Deallocate(held[1]);
        Assert.False(second.IsCompleted);
        pool.Deallocate(held[2]);
        Assert.Equal(3 * BatchSize, (await Done(first)).Length);
        Assert.False(second.IsCompleted);
        pool.Deallocate(held[3]);
        Assert.Same(held[3], await Done(second));
        Assert.Equal(0, pool.AvailableMemory);
    }

    [Fact]
    public async Task Allocate_NewcomerQueuesBehindWaiterEvenIfMemoryIsFree()
    {
        var pool = Pool(4 * BatchSize);
        var held = await pool.AllocateAsync(3 * BatchSize, MaxBlockMs, Ct);
        var waiter = pool.AllocateAsync(2 * BatchSize, MaxBlockMs, Ct);
        Assert.False(waiter.IsCompleted);

        // The head already holds the free 1 KiB; a newcomer cannot take memory ahead of it.
        var newcomer = pool.AllocateAsync(BatchSize / 2, MaxBlockMs, Ct);
        Assert.False(newcomer.IsCompleted);

        pool.Deallocate(held);
        Assert.Equal(2 * BatchSize, (await Done(waiter)).Length);
        Assert.Equal(BatchSize / 2, (await Done(newcomer)).Length);
    }

    [Fact]
    public async Task Allocate_TimesOutAfterMaxBlockMs_AndReturnsPartialMemory()
    {
        using var metrics = new ProducerMetrics(null, _time, 30000, 2, string.Empty);
        var pool = Pool(2 * BatchSize, metrics);
        _ = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var waiting = pool.AllocateAsync(2 * BatchSize, MaxBlockMs, Ct);
        Assert.Equal(0, pool.AvailableMemory);

        _time.Advance(TimeSpan.FromMilliseconds(MaxBlockMs - 1));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var ex = await Assert.ThrowsAsync<BufferExhaustedException>(async () => await Done(waiting));
        Assert.Contains("buffer.memory exhausted for max.block.ms", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BatchSize, pool.AvailableMemory);
        Assert.Equal(0, pool.QueuedCount);
        var snapshot = metrics.Snapshot();
        Assert.Equal(1, snapshot.BufferExhaustedTotal);
        Assert.Equal(MaxBlockMs * 1_000_000, snapshot.BufferPoolWaitTimeNsTotal);
        Assert.Equal(BatchSize, snapshot.BufferAvailableBytes);
    }

    [Fact]
    public async Task Allocate_ZeroMaxBlock_FailsAtOnce()
    {
        var pool = Pool(BatchSize);
        _ = await pool.AllocateAsync(BatchSize, 0, Ct);
        var failed = pool.AllocateAsync(BatchSize, 0, Ct);
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await Done(failed));
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public async Task Allocate_Cancelled_ReturnsPartialMemoryAndServesNextWaiter()
    {
        var pool = Pool(2 * BatchSize);
        var held = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        using var cts = new CancellationTokenSource();
        var cancelled = pool.AllocateAsync(2 * BatchSize, MaxBlockMs, cts.Token);
        var next = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        Assert.Equal(0, pool.AvailableMemory);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Done(cancelled));

        // The memory the cancelled head had accumulated goes to the next waiter, nothing leaks.
        Assert.Equal(BatchSize, (await Done(next)).Length);
        Assert.Equal(0, pool.QueuedCount);
        pool.Deallocate(held);
        Assert.Equal(BatchSize, pool.AvailableMemory);

        // A cancelled waiter's timer must not fire later and disturb the accounting.
        _time.Advance(TimeSpan.FromMilliseconds(MaxBlockMs * 2));
        Assert.Equal(BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public async Task Allocate_AlreadyCancelledToken_DoesNotTakeMemory()
    {
        var pool = Pool();
        var task = pool.AllocateAsync(BatchSize, MaxBlockMs, new CancellationToken(canceled: true));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await task);
        Assert.Equal(4 * BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public async Task Allocate_SatisfiedWaiter_TimerDoesNotFireLater()
    {
        var pool = Pool(BatchSize);
        var held = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var waiting = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        pool.Deallocate(held);
        var buffer = await Done(waiting);
        _time.Advance(TimeSpan.FromMilliseconds(MaxBlockMs * 2));
        pool.Deallocate(buffer);
        Assert.Equal(BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public async Task Close_FailsWaitersAndRefusesAllocations()
    {
        var pool = Pool(BatchSize);
        _ = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var waiting = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        pool.Close();
        await Assert.ThrowsAsync<KafkaException>(async () => await Done(waiting));
        Assert.Throws<KafkaException>(() => pool.AllocateAsync(1, MaxBlockMs, Ct));
    }

    [Fact]
    public async Task Allocate_ManyConcurrentWaiters_AllServedWithoutLeak()
    {
        var pool = Pool(2 * BatchSize);
        var held = new[] { await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct), await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct) };
        var waiters = Enumerable.Range(0, 50).Select(_ => pool.AllocateAsync(BatchSize, MaxBlockMs, Ct).AsTask()).ToList();
        foreach (var buffer in held)
        {
            pool.Deallocate(buffer);
        }

        var served = 0;
        while (served < waiters.Count)
        {
            var buffer = await waiters[served++].WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            pool.Deallocate(buffer);
        }

        Assert.Equal(2 * BatchSize, pool.AvailableMemory);
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public async Task Reserve_AccountsWithoutArraysAndSharesTheFifoQueue()
    {
        var pool = Pool(2 * BatchSize);
        await pool.ReserveAsync(BatchSize + 100, MaxBlockMs, Ct);
        Assert.Equal(BatchSize - 100, pool.AvailableMemory);

        var waiting = pool.ReserveAsync(BatchSize, MaxBlockMs, Ct);
        Assert.False(waiting.IsCompleted);
        pool.Release(BatchSize + 100);
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal(BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public async Task Reserve_TimesOutWithBufferExhausted()
    {
        var pool = Pool(BatchSize);
        await pool.ReserveAsync(BatchSize, MaxBlockMs, Ct);
        var waiting = pool.ReserveAsync(10, MaxBlockMs, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(MaxBlockMs));
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await waiting);
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public void Reserve_BlockedWaits_AllocateNothingOnceWarm()
    {
        var pool = Pool(BatchSize);
        Assert.True(pool.ReserveAsync(BatchSize, MaxBlockMs, CancellationToken.None).IsCompletedSuccessfully);
        WaitAndRelease(pool, 1000); // warm: a waiter in the spare stack, the shared timer, the JIT's tier-up and OSR of the loop

        var allocated = ThreadAllocation.Quietest(() => WaitAndRelease(pool, 1000));

        Assert.Equal(0, allocated);
        Assert.True(pool.WaitCount >= 2000 && pool.WaitCount % 1000 == 0, $"{pool.WaitCount} waits");
    }

    [Fact]
    public async Task Allocate_BlockedWaitsWithACancellableToken_AllocateNothingOnceWarm()
    {
        using var cts = new CancellationTokenSource();
        var pool = Pool(BatchSize);
        var held = await pool.AllocateAsync(BatchSize, MaxBlockMs, cts.Token);
        held = WaitAndDeallocate(pool, held, 1000, cts.Token); // warm, as above: the JIT's allocations are not the pool's

        var allocated = ThreadAllocation.Quietest(() => held = WaitAndDeallocate(pool, held, 1000, cts.Token));

        Assert.Equal(0, allocated);
        Assert.Equal(BatchSize, held.Length);
    }

    [Fact]
    public async Task Allocate_WaitersWithDifferentBudgets_EachTimesOutAtItsOwnDeadline()
    {
        var pool = Pool(BatchSize);
        _ = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var patient = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var hasty = pool.AllocateAsync(BatchSize, 500, Ct); // behind the patient one, but with an earlier deadline

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(hasty.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await Done(hasty));
        Assert.False(patient.IsCompleted);
        Assert.Equal(1, pool.QueuedCount);

        _time.Advance(TimeSpan.FromMilliseconds(MaxBlockMs - 501));
        Assert.False(patient.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await Done(patient));
        Assert.Equal(0, pool.QueuedCount);
    }

    [Fact]
    public async Task Allocate_AfterAWaiterWasServedEarly_TheNextWaiterGetsItsWholeBudget()
    {
        var pool = Pool(BatchSize);
        var held = await pool.AllocateAsync(BatchSize, MaxBlockMs, Ct);
        var first = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct); // arms the shared timer for t+2000
        _time.Advance(TimeSpan.FromMilliseconds(100));
        pool.Deallocate(held);
        _ = await Done(first);

        _time.Advance(TimeSpan.FromMilliseconds(900));
        var second = pool.AllocateAsync(BatchSize, MaxBlockMs, Ct); // deadline t+3000

        // At t+2000 the timer wakes for the first waiter's deadline, finds nothing expired and re-arms.
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await Done(second));
    }

    // Each round: a reservation that must wait, completed synchronously by the release of the previous one.
    private static void WaitAndRelease(BufferPool pool, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var waiting = pool.ReserveAsync(BatchSize, MaxBlockMs, CancellationToken.None);
            Assert.False(waiting.IsCompleted);
            pool.Release(BatchSize);
            Assert.True(waiting.IsCompletedSuccessfully);
            waiting.GetAwaiter().GetResult();
        }
    }

    private static byte[] WaitAndDeallocate(BufferPool pool, byte[] held, int rounds, CancellationToken token)
    {
        for (var i = 0; i < rounds; i++)
        {
            var waiting = pool.AllocateAsync(BatchSize, MaxBlockMs, token);
            Assert.False(waiting.IsCompleted);
            pool.Deallocate(held);
            Assert.True(waiting.IsCompletedSuccessfully);
            held = waiting.GetAwaiter().GetResult();
        }

        return held;
    }
}
