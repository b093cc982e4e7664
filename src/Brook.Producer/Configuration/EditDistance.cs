namespace Brook.Producer.Configuration;

/// <summary>Levenshtein distance, used to suggest the nearest valid key for a typo.</summary>
internal static class EditDistance
{
    /// <summary>The number of single-character inserts, deletes and substitutions turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Compute(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The candidate closest to <paramref name="input"/> (ties: the first in order).</summary>
    public static string Nearest(string input, IEnumerable<string> candidates)
    {
        var best = string.Empty;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Compute(input, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }
}
