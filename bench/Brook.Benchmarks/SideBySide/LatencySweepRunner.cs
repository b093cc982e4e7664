using System.Globalization;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Sweep mode (<c>--p99-max</c>): for one client and acks, the highest paced rate whose ack latency stays within the
/// bound (<see cref="LatencyBoundSweep"/> picks the rates, <see cref="LatencyBound"/> judges each step). One producer
/// instance serves every step, each on a fresh topic.
/// </summary>
public sealed class LatencySweepRunner(SideBySideOptions options, SideBySideRunner runner, TextWriter log)
{
    /// <summary>Runs the sweep.</summary>
    public async Task<SweepResult> RunAsync(IProducerClientFactory factory, short acks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var bound = new LatencyBound(options.P99MaxMs ?? throw new InvalidOperationException("Sweep mode needs --p99-max."), options.P999MaxMs);
        var loadStart = LoadAverage();
        await using var client = factory.Create(runner.Settings(factory.Name, acks));
        var label = $"{factory.Name} acks={SideBySideRunner.AcksText(acks)}";
        log.WriteLine($"{label}: warm-up {options.WarmupRecords} records (unpaced)");
        await runner.WarmUpAsync(client, cancellationToken);

        var sweep = new LatencyBoundSweep(
            options.StartRate, options.MinRate, options.MaxRate, options.MaxSteps, options.Resolution, options.SweepBudget, TimeProvider.System);
        var steps = new List<RunResult>();
        RunResult? best = null;
        while (sweep.NextRate is { } rate)
        {
            // A shared machine only ever adds latency: a rate beyond the bound is measured again (--confirm times) and
            // passes if any attempt stays within it, so one scheduling hiccup does not end the sweep.
            RunResult step;
            bool within;
            var attempt = 0;
            do
            {
                step = await runner.MeasurePacedAsync(client, acks, rate, cancellationToken);
                within = bound.IsMet(rate, step.RecordsPerSecond, step.P99Ms, step.P999Ms, step.Failed);
                steps.Add(step);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: step {sweep.Steps + 1}{(attempt > 0 ? $" (again {attempt})" : string.Empty)} offered {rate,10:N0}/s achieved {step.RecordsPerSecond,10:N0}/s " +
                    $"p50 {step.P50Ms,8:N2} p99 {step.P99Ms,9:N2} p99.9 {step.P999Ms,9:N2} ms  CPU {step.CpuMicrosPerRecord,6:N2} us/rec  " +
                    $"alloc {step.AllocatedBytesPerRecord,7:N1} B/rec  GC {step.GcCount} ({step.GcPauseMs:N0} ms)  {(within ? "within" : "BEYOND")} (load {LoadAverage():N1})"));
                if (step.Diagnostics.Length > 0)
                {
                    log.WriteLine($"    {step.Diagnostics}");
                }
            }
            while (!within && attempt++ < options.Confirm);

            sweep.Report(within);
            if (within && (best is null || rate > best.OfferedRate))
            {
                best = step;
            }
        }

        log.WriteLine($"{label}: {sweep.StopReason}; max rate within p99 <= {bound.P99MaxMs} ms: {(best is null ? "none" : best.OfferedRate.ToString("N0", CultureInfo.InvariantCulture))}/s");
        return new SweepResult(factory.Name, acks, best, sweep.LowestFailing, steps, sweep.StopReason, (loadStart, LoadAverage()));
    }

    /// <summary>The 1-minute load average from /proc/loadavg; NaN where there is none.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            return double.Parse(end > 0 ? text[..end] : text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }
}
