using Brook.Cli.Doctor;
using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>What the doctor's live probe measured.</summary>
/// <param name="Facts">Connectivity facts.</param>
/// <param name="Metrics">Producer metrics after the probe produce.</param>
/// <param name="Steps">Human-readable probe steps with timings, in order.</param>
internal sealed record DoctorProbeResult(ConnectivityFacts Facts, ProducerMetricsSnapshot Metrics, IReadOnlyList<string> Steps);
