namespace Brook.Tests.Shared;

/// <summary>
/// Managed bytes the current thread allocates in a piece of work, robust to the runtime's one-off work on that thread.
/// Tiered compilation, on-stack replacement and first-call stubs can allocate a few KB on the calling thread at a time
/// that depends on load (seen: ~7.7 KB in a warmed round with the tests pinned to one core). Such work happens once; an
/// allocation of the code under test happens in every round. So the work runs up to <c>attempts</c> times and the
/// quietest round is the verdict: a real per-call allocation still fails every round, hence the test.
/// </summary>
internal static class ThreadAllocation
{
    /// <summary>The fewest bytes this thread allocated in one run of <paramref name="round"/>, over up to <paramref name="attempts"/> runs (stops at a run that allocated nothing).</summary>
    public static long Quietest(Action round, int attempts = 5)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < attempts && fewest > 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
