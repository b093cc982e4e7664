namespace Brook.Producer.Accumulator;

/// <summary>The outcome of a ready check (Java <c>ReadyCheckResult</c>).</summary>
/// <param name="ReadyNodes">Leader nodes with at least one sendable partition.</param>
/// <param name="NextReadyCheckDelayMs">How long until some linger or backoff ends (long.MaxValue when nothing waits).</param>
/// <param name="UnknownLeaderTopics">Topics with queued data but a partition without a known leader: refresh metadata.</param>
internal sealed record ReadyCheckResult(HashSet<int> ReadyNodes, long NextReadyCheckDelayMs, HashSet<string> UnknownLeaderTopics);
