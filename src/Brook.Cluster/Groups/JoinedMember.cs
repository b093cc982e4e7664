namespace Brook.Cluster.Groups;

/// <summary>A member as the leader sees it in the JoinGroup response.</summary>
/// <param name="MemberId">Member id.</param>
/// <param name="GroupInstanceId">Static instance id, or null.</param>
/// <param name="Metadata">The member's metadata for the selected protocol.</param>
internal sealed record JoinedMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
