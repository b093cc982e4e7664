namespace Brook.Producer.Accumulator;

/// <summary>
/// The outcome of a ready check (Java <c>ReadyCheckResult</c>). The sets belong to the accumulator and are reused by
/// its next ready check (sender thread only): read them before checking again.
/// </summary>
/// <param name="ReadyNodes">Leader nodes with at least one sendable partition.</param>
/// <param name="NextReadyCheckDelayMs">How long until some linger or backoff ends (long.MaxValue when nothing waits).</param>
/// <param name="UnknownLeaderTopics">Topics with queued data but a partition without a known leader: refresh metadata.</param>
internal readonly record struct ReadyCheckResult(HashSet<int> ReadyNodes, long NextReadyCheckDelayMs, HashSet<string> UnknownLeaderTopics);
