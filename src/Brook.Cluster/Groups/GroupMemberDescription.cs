namespace Brook.Cluster.Groups;

/// <summary>One member in a <see cref="GroupDescription"/>.</summary>
/// <param name="MemberId">Member id.</param>
/// <param name="GroupInstanceId">Static instance id, or null.</param>
/// <param name="ClientId">Client id of its last JoinGroup.</param>
/// <param name="ClientHost">Host it connected from.</param>
/// <param name="Metadata">Its metadata for the chosen protocol (empty unless the group is Stable).</param>
/// <param name="Assignment">Its assignment (empty unless the group is Stable).</param>
internal sealed record GroupMemberDescription(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);
