namespace Brook.Cluster.Groups;

/// <summary>A committed offset of one partition.</summary>
/// <param name="Offset">Next offset to read.</param>
/// <param name="LeaderEpoch">Leader epoch of the last consumed record, or -1.</param>
/// <param name="Metadata">Client metadata string.</param>
/// <param name="CommitTimestampMs">Cluster time of the commit.</param>
internal readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string? Metadata, long CommitTimestampMs);
