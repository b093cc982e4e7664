namespace Brook.Producer.Network;

/// <summary>
/// Marks the moment a connection's reader thread completes a request with its response: a continuation that runs
/// inline there (the sender's) may then ask the reader to do the sender's work on that thread instead of waking another
/// one (<see cref="DeferPass"/>). The reader runs that pass once after the frames of one receive
/// (<see cref="RunDeferredPass"/>), with the mark off: one pass per receive, not per frame, and a completion inside the
/// pass (an acks=0 write, a failure) wakes the loop thread instead of running yet another pass on the reader. Any other
/// completion (a failure on close, an acks=0 write, a test's fake transport) runs with the mark off.
/// </summary>
internal static class ResponseCompletion
{
    [ThreadStatic]
    private static bool _onReader;

    [ThreadStatic]
    private static IReaderPass? _deferred;

    /// <summary>True while the current thread is a reader completing a request with its response.</summary>
    public static bool IsOnReader => _onReader;

    /// <summary>Runs <paramref name="complete"/> (which completes a request with a response) with the mark on.</summary>
    public static void Run<TState>(Action<TState> complete, TState state)
    {
        _onReader = true;
        try
        {
            complete(state);
        }
        finally
        {
            _onReader = false;
        }
    }

    /// <summary>
    /// On a reader completing a response: asks it to run <paramref name="owner"/>'s pass once the frames of this receive
    /// are read. A reader serves one connection, so one owner; another one's earlier request is handed to its loop thread.
    /// </summary>
    public static void DeferPass(IReaderPass owner)
    {
        var earlier = _deferred;
        _deferred = owner;
        if (earlier is not null && !ReferenceEquals(earlier, owner))
        {
            earlier.WakeLoop();
        }
    }

    /// <summary>Reader only, after the frames of a receive (mark off): runs the pass a completion asked for, if any.</summary>
    public static void RunDeferredPass()
    {
        var owner = _deferred;
        if (owner is not null)
        {
            _deferred = null;
            owner.RunReaderPass();
        }
    }
}
