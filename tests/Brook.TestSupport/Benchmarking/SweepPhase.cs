namespace Brook.TestSupport.Benchmarking;

/// <summary>Where a <see cref="LatencyBoundSweep"/> is.</summary>
public enum SweepPhase
{
    /// <summary>Every step so far stayed within the bound: the rate doubles.</summary>
    Doubling,

    /// <summary>
    /// The first step broke the bound and nothing passed yet: higher rates are probed (x4, twice), since a low-rate
    /// latency floor can fail where higher rates pass.
    /// </summary>
    Climbing,

    /// <summary>The first step and the higher probes broke the bound: the rate halves from the start until one passes.</summary>
    Halving,

    /// <summary>A passing and a failing rate are known: the rate bisects between them.</summary>
    Bisecting,

    /// <summary>No more steps (see <see cref="LatencyBoundSweep.StopReason"/>).</summary>
    Done,
}
