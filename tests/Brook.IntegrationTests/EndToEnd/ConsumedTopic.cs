using System.Globalization;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>What a consumer read, by partition: (offset, stream, sequence) of each ledger record.</summary>
internal sealed class ConsumedTopic(int partitions)
{
    private readonly List<(long Offset, string Stream, long Sequence)>[] _byPartition = CreateLists(partitions);

    /// <summary>Records read per partition.</summary>
    public int CountIn(int partition) => _byPartition[partition].Count;

    /// <summary>Notes one record read.</summary>
    public void Add(int partition, long offset, string stream, long sequence) => _byPartition[partition].Add((offset, stream, sequence));

    /// <summary>
    /// Per (partition, stream), taking only each record's first occurrence in log order: where a sequence does not
    /// exceed the one before it (a retried duplicate repeats earlier records; that alone is not disorder).
    /// </summary>
    public List<string> FirstOccurrencesOutOfOrder()
    {
        var problems = new List<string>();
        var seen = new HashSet<(string, long)>();
        for (var p = 0; p < _byPartition.Length; p++)
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (offset, stream, sequence) in _byPartition[p].OrderBy(static r => r.Offset))
            {
                if (!seen.Add((stream, sequence)))
                {
                    continue;
                }

                if (last.TryGetValue(stream, out var previous) && sequence <= previous)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"p{p}@{offset}: {stream} #{sequence} first seen after #{previous}"));
                }

                last[stream] = sequence;
            }
        }

        return problems;
    }

    private static List<(long, string, long)>[] CreateLists(int partitions)
    {
        var lists = new List<(long, string, long)>[partitions];
        for (var p = 0; p < partitions; p++)
        {
            lists[p] = [];
        }

        return lists;
    }
}
