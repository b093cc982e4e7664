namespace Brook.Cluster.Groups;

/// <summary>One member of a classic group. Mutated only under the coordinator's lock.</summary>
internal sealed class GroupMember(string memberId, string? groupInstanceId)
{
    /// <summary>Member id (broker-generated).</summary>
    public string MemberId { get; set; } = memberId;

    /// <summary>Static membership instance id (KIP-345), or null.</summary>
    public string? GroupInstanceId { get; } = groupInstanceId;

    /// <summary>Client id from the request header of the member's last JoinGroup.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Host the member connected from, in Kafka's form ("/127.0.0.1").</summary>
    public string ClientHost { get; set; } = string.Empty;

    /// <summary>Session timeout: no heartbeat for this long removes the member.</summary>
    public int SessionTimeoutMs { get; set; }

    /// <summary>How long a rebalance waits for this member to rejoin.</summary>
    public int RebalanceTimeoutMs { get; set; }

    /// <summary>Offered protocols in preference order.</summary>
    public IReadOnlyList<JoinProtocol> Protocols { get; set; } = [];

    /// <summary>Assignment from the leader's last SyncGroup.</summary>
    public byte[] Assignment { get; set; } = [];

    /// <summary>Cluster time after which the member expires without a heartbeat.</summary>
    public long SessionDeadlineMs { get; set; }

    /// <summary>A parked JoinGroup, completed when the rebalance completes.</summary>
    public TaskCompletionSource<JoinOutcome>? JoinWaiter { get; set; }

    /// <summary>A parked SyncGroup, completed when the leader's assignments arrive.</summary>
    public TaskCompletionSource<SyncOutcome>? SyncWaiter { get; set; }

    /// <summary>The metadata this member offered for <paramref name="protocol"/>, or empty.</summary>
    public byte[] MetadataFor(string protocol)
    {
        foreach (var p in Protocols)
        {
            if (p.Name == protocol)
            {
                return p.Metadata;
            }
        }

        return [];
    }

    /// <summary>True when this member offers <paramref name="protocol"/>.</summary>
    public bool Supports(string protocol)
    {
        foreach (var p in Protocols)
        {
            if (p.Name == protocol)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="other"/> offers the same protocols with the same metadata, in order.</summary>
    public bool SameProtocols(IReadOnlyList<JoinProtocol> other)
    {
        if (other.Count != Protocols.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Count; i++)
        {
            if (other[i].Name != Protocols[i].Name || !other[i].Metadata.AsSpan().SequenceEqual(Protocols[i].Metadata))
            {
                return false;
            }
        }

        return true;
    }
}
