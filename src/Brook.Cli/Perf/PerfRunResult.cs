namespace Brook.Cli.Perf;

/// <summary>The outcome of a perf run.</summary>
/// <param name="Totals">Figures of the acknowledged records.</param>
/// <param name="Failed">Records that failed.</param>
/// <param name="FirstError">The first failure, or null.</param>
/// <param name="Stream">The sequenced stream id, or null.</param>
internal sealed record PerfRunResult(PerfTotals Totals, long Failed, Exception? FirstError, string? Stream);
