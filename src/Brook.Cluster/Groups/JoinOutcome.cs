using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

/// <summary>What a JoinGroup gets back.</summary>
/// <param name="Error">Error code (NONE, MEMBER_ID_REQUIRED, ...).</param>
/// <param name="MemberId">The member's id (also on MEMBER_ID_REQUIRED).</param>
/// <param name="GenerationId">Generation, -1 on error.</param>
/// <param name="ProtocolType">Group protocol type.</param>
/// <param name="ProtocolName">Selected protocol.</param>
/// <param name="LeaderId">Leader member id.</param>
/// <param name="Members">Every member with metadata for the leader; empty for the others.</param>
internal sealed record JoinOutcome(
    ErrorCode Error,
    string MemberId,
    int GenerationId = -1,
    string? ProtocolType = null,
    string? ProtocolName = null,
    string LeaderId = "",
    IReadOnlyList<JoinedMember>? Members = null)
{
    /// <summary>An error outcome.</summary>
    public static JoinOutcome Failed(ErrorCode error, string memberId) => new(error, memberId);
}
