using Brook.Producer;

namespace Brook.Cli.Doctor;

/// <summary>What the doctor's probe produce saw.</summary>
/// <param name="Sent">Records handed to the producer (1 when the first record already failed).</param>
/// <param name="Acknowledged">Records the brokers acknowledged.</param>
/// <param name="Failed">Records that failed.</param>
/// <param name="Timeouts">Failures that were deadlines (request, delivery or max.block timeouts).</param>
/// <param name="FirstError">The first failure's message, one line; null when none failed.</param>
/// <param name="ElapsedMs">Wall time of the probe, ms.</param>
/// <param name="Metrics">The producer's metrics after the flush, with the peak buffer use seen while sending.</param>
internal sealed record ProbeProduceResult(
    int Sent, int Acknowledged, int Failed, int Timeouts, string? FirstError, double ElapsedMs, ProducerMetricsSnapshot Metrics);
