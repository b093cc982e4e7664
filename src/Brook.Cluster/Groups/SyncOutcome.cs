using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

/// <summary>What a SyncGroup gets back.</summary>
/// <param name="Error">Error code.</param>
/// <param name="Assignment">The member's assignment bytes (empty on error).</param>
/// <param name="ProtocolType">Group protocol type.</param>
/// <param name="ProtocolName">Selected protocol.</param>
internal sealed record SyncOutcome(ErrorCode Error, byte[] Assignment, string? ProtocolType = null, string? ProtocolName = null)
{
    /// <summary>An error outcome.</summary>
    public static SyncOutcome Failed(ErrorCode error) => new(error, []);
}
