namespace Brook.Producer;

/// <summary>
/// The consuming group member whose offsets a transaction commits (KIP-447): the coordinator rejects the commit when
/// the member's generation is stale (a zombie after a rebalance). Take the values from your consumer after it joined
/// (Confluent: <c>consumer.ConsumerGroupMetadata</c>); <see cref="ForGroup"/> skips the generation check.
/// </summary>
/// <param name="GroupId">The consumer group id (group.id).</param>
/// <param name="GenerationId">The group generation the member joined in; -1 for no generation check.</param>
/// <param name="MemberId">The member id the coordinator assigned; empty for no member check.</param>
/// <param name="GroupInstanceId">The static member id (group.instance.id), or null.</param>
public sealed record ConsumerGroupMetadata(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId)
{
    /// <summary>Metadata for a group without member fencing (generation -1, no member id), as the pre-KIP-447 API.</summary>
    /// <param name="groupId">The consumer group id.</param>
    public static ConsumerGroupMetadata ForGroup(string groupId) => new(groupId, -1, string.Empty, null);
}
