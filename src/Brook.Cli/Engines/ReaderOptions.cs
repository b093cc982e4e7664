namespace Brook.Cli.Engines;

/// <summary>How <c>brook consume</c> and <c>brook verify</c> read a topic.</summary>
/// <param name="Bootstrap">bootstrap.servers.</param>
/// <param name="Topic">Topic to read (all partitions are assigned).</param>
/// <param name="FromBeginning">Start at the log start (else at the end).</param>
/// <param name="Group">Consumer group to commit to, or null for none.</param>
/// <param name="ReadCommitted">isolation.level=read_committed.</param>
/// <param name="MaxMessages">Stop after this many records; null for no limit.</param>
/// <param name="IdleTimeoutMs">Stop after this long without a record; null to wait forever.</param>
/// <param name="StopAtEnd">Stop once every partition reaches the end offset it had when reading started.</param>
internal sealed record ReaderOptions(
    string Bootstrap,
    string Topic,
    bool FromBeginning,
    string? Group,
    bool ReadCommitted,
    long? MaxMessages,
    int? IdleTimeoutMs,
    bool StopAtEnd);
