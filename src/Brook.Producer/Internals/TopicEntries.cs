namespace Brook.Producer.Internals;

/// <summary>
/// Requests that group partitions by topic (Produce, AddPartitionsToTxn, TxnOffsetCommit) need the topic's entry,
/// created on first use; the generated entry types share no interface, so the caller says how to read and make one.
/// </summary>
internal static class TopicEntries
{
    /// <summary>
    /// The entry of <paramref name="entries"/> named <paramref name="topic"/>, or a new one made by
    /// <paramref name="create"/> and appended. Pass static lambdas: they are cached, so a call allocates nothing but the
    /// new entry. A linear scan: a request names few topics.
    /// </summary>
    public static T FindOrAdd<T>(List<T> entries, string topic, Func<T, string?> nameOf, Func<string, T> create)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(nameOf(entry), topic, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        var added = create(topic);
        entries.Add(added);
        return added;
    }
}
