using Brook.Cli.Perf;
using Brook.Cli.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Perf;

public sealed class PerfRunnerTests
{
    [Fact]
    public async Task Run_CountsAcknowledgedAndFailedSeparately()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, latencyMs: 3, failEvery: 4);
        var runner = new PerfRunner(producer, time, new Random(3), new PerfRunOptions("t", 100, 50, -1, false, true), null);
        var result = await runner.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(75, result.Totals.Count);
        Assert.Equal(75 * 50, result.Totals.Bytes);
        Assert.Equal(25, result.Failed);
        Assert.Equal("NOT_ENOUGH_REPLICAS", result.FirstError!.Message);
        Assert.Equal(3.0, result.Totals.AvgLatencyMs);
        Assert.Equal(300, result.Totals.ElapsedMs);
        Assert.Equal(100, runner.Sent);
    }

    [Fact]
    public async Task Run_PlainPayload_IsRandomUpperCaseLettersOfRecordSize()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time);
        await new PerfRunner(producer, time, new Random(3), new PerfRunOptions("t", 2, 64, -1, false, true), null).RunAsync(TestContext.Current.CancellationToken);
        Assert.All(producer.Sent, r => Assert.Matches("^[A-Z]{64}$", r.Value));
        Assert.Equal(producer.Sent[0], producer.Sent[1]);
    }

    [Fact]
    public async Task Run_WhenCancelled_Stops()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var runner = new PerfRunner(new FakePerfProducer(time), time, new Random(1), new PerfRunOptions("t", 10, 50, -1, false, true), null);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(cts.Token));
    }
}
