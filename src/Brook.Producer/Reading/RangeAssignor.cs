namespace Brook.Producer.Reading;

/// <summary>
/// Kafka's "range" assignment for one topic: members sorted by member id, each gets a contiguous range of
/// <c>partitions / members</c> partitions and the first <c>partitions % members</c> members one more
/// (org.apache.kafka.clients.consumer.RangeAssignor, per topic).
/// </summary>
internal static class RangeAssignor
{
    /// <summary>The protocol name the leader and members agree on in JoinGroup.</summary>
    public const string ProtocolName = "range";

    /// <summary>Partition indexes per member id; every id in <paramref name="memberIds"/> gets an entry (maybe empty).</summary>
    public static Dictionary<string, List<int>> Assign(IReadOnlyCollection<string> memberIds, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        ArgumentOutOfRangeException.ThrowIfNegative(partitionCount);
        var sorted = new List<string>(memberIds);
        sorted.Sort(StringComparer.Ordinal);
        var result = new Dictionary<string, List<int>>(sorted.Count, StringComparer.Ordinal);
        if (sorted.Count == 0)
        {
            return result;
        }

        var each = partitionCount / sorted.Count;
        var extra = partitionCount % sorted.Count;
        var next = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var count = each + (i < extra ? 1 : 0);
            var partitions = new List<int>(count);
            for (var p = 0; p < count; p++)
            {
                partitions.Add(next++);
            }

            result[sorted[i]] = partitions;
        }

        return result;
    }
}
