namespace Brook.Producer.Network;

/// <summary>
/// Marks the moment a connection's reader thread completes a request with its response: a continuation that runs
/// inline there (the sender's) may then do the sender's work on that thread instead of waking another one. Any other
/// completion (a failure on close, an acks=0 write, a test's fake transport) runs with the mark off.
/// </summary>
internal static class ResponseCompletion
{
    [ThreadStatic]
    private static bool _onReader;

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
}
