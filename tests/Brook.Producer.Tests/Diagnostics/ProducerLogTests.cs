using Brook.Producer.Diagnostics;
using Brook.Producer.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>Buffer-memory events of <see cref="ProducerLog"/>, logged by the <see cref="BufferPool"/>.</summary>
public sealed class ProducerLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly CapturingLoggerFactory _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BufferExhausted_WaiterTimesOut_LogsOnceWithSizes()
    {
        var pool = new BufferPool(2048, 1024, _time) { Logger = _logs.CreateLogger(LogCategories.Producer) };
        _ = await pool.AllocateAsync(1024, 100, Ct);
        var waiting = pool.AllocateAsync(2048, 100, Ct).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(_logs.WithEvent(LogEvents.BufferExhausted));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<BufferExhaustedException>(() => waiting);

        var entry = Assert.Single(_logs.WithEvent(LogEvents.BufferExhausted));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("2048 bytes within max.block.ms=100 (buffer.memory=2048)", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BufferExhausted_NoBlocking_LogsAtOnce()
    {
        var pool = new BufferPool(1024, 1024, _time) { Logger = _logs.CreateLogger(LogCategories.Producer) };
        _ = await pool.AllocateAsync(1024, 0, Ct);

        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await pool.AllocateAsync(1024, 0, Ct));

        Assert.Single(_logs.WithEvent(LogEvents.BufferExhausted));
    }
}
