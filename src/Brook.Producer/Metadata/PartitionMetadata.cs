using Brook.Protocol.Errors;

namespace Brook.Producer.Metadata;

/// <summary>One partition in a <see cref="ClusterView"/>: its leader (-1 when none) and leader epoch (-1 when unknown).</summary>
/// <param name="Partition">Partition index.</param>
/// <param name="LeaderId">Leader broker id, or -1.</param>
/// <param name="LeaderEpoch">Leader epoch (Metadata v7+), or -1.</param>
/// <param name="Error">The partition's error from the Metadata response (e.g. LEADER_NOT_AVAILABLE).</param>
internal sealed record PartitionMetadata(int Partition, int LeaderId, int LeaderEpoch, ErrorCode Error)
{
    /// <summary>True when the partition has a leader to send to.</summary>
    public bool HasLeader => LeaderId >= 0;
}
