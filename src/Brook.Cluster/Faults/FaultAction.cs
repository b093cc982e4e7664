namespace Brook.Cluster.Faults;

/// <summary>What a queued <see cref="RequestFault"/> does to the request it matches (broker-semantics.md §8).</summary>
public enum FaultAction
{
    /// <summary>Answer with <see cref="RequestFault.Error"/> instead of handling the request (or the partition).</summary>
    Error,

    /// <summary>Close the connection before handling: nothing is appended.</summary>
    DisconnectBeforeAppend,

    /// <summary>Handle the request (append), then close the connection instead of answering.</summary>
    DisconnectAfterAppend,

    /// <summary>Handle the request but never answer; later responses on the connection stay queued behind it.</summary>
    SwallowResponse,

    /// <summary>Handle normally after waiting <see cref="RequestFault.DelayMs"/>.</summary>
    Delay,
}
