using Brook.Cluster;

namespace Brook.Cli.Engines;

/// <summary>What <c>brook cluster</c> (or an embedded perf/doctor run) starts.</summary>
/// <param name="Options">Cluster options (broker count, ports, defaults, min.insync.replicas).</param>
/// <param name="Topics">Topics to create before the bootstrap line is printed.</param>
internal sealed record ClusterPlan(EmbeddedClusterOptions Options, IReadOnlyList<TopicSpec> Topics);
