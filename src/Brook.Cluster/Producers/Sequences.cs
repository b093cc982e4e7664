namespace Brook.Cluster.Producers;

/// <summary>Producer sequence arithmetic: sequences run 0..int.MaxValue and wrap to 0 (protocol.md §9).</summary>
internal static class Sequences
{
    /// <summary>Returns <paramref name="sequence"/> + <paramref name="delta"/>, wrapping past int.MaxValue to 0.</summary>
    public static int Add(int sequence, int delta)
    {
        var sum = (long)sequence + delta;
        return sum > int.MaxValue ? (int)(sum - int.MaxValue - 1) : (int)sum;
    }

    /// <summary>True when <paramref name="next"/> directly follows <paramref name="last"/> (Kafka's inSequence).</summary>
    public static bool Follows(int last, int next) =>
        next == (long)last + 1 || (next == 0 && last == int.MaxValue);
}
