namespace Brook.Benchmarks.SideBySide;

/// <summary>What every client in a run is configured with, so the comparison is like for like.</summary>
/// <param name="BootstrapServers">Cluster bootstrap list.</param>
/// <param name="Acks">1 (leader) or -1 (all).</param>
/// <param name="LingerMs"><c>linger.ms</c>.</param>
/// <param name="BatchSize"><c>batch.size</c> in bytes (Kafka's default 16384; librdkafka's own default is 1000000).</param>
/// <param name="Payload">The value of every record (shared, never mutated).</param>
/// <param name="Properties">Extra client properties (<c>--set</c>), applied last; empty for none.</param>
public sealed record ClientSettings(string BootstrapServers, short Acks, int LingerMs, int BatchSize, byte[] Payload, IReadOnlyDictionary<string, string> Properties);
