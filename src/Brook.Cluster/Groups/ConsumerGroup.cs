namespace Brook.Cluster.Groups;

/// <summary>
/// One classic group: state, generation, members in join order (the first joiner leads), KIP-394 pending member ids
/// and committed offsets. Mutated only under the coordinator's lock.
/// </summary>
internal sealed class ConsumerGroup(string groupId)
{
    /// <summary>Group id.</summary>
    public string GroupId { get; } = groupId;

    /// <summary>Current state.</summary>
    public GroupState State { get; set; } = GroupState.Empty;

    /// <summary>Protocol type shared by every member ("consumer"), null while empty.</summary>
    public string? ProtocolType { get; set; }

    /// <summary>Protocol selected at the last completed join.</summary>
    public string? ProtocolName { get; set; }

    /// <summary>Generation, bumped by every completed join.</summary>
    public int GenerationId { get; set; }

    /// <summary>Leader member id, or null.</summary>
    public string? LeaderId { get; set; }

    /// <summary>Members in join order.</summary>
    public List<GroupMember> Members { get; } = [];

    /// <summary>Member ids handed out with MEMBER_ID_REQUIRED, with the cluster time they expire at.</summary>
    public Dictionary<string, long> PendingMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>The join completes no earlier than this (group.initial.rebalance.delay.ms for an empty group).</summary>
    public long JoinNotBeforeMs { get; set; }

    /// <summary>Cluster time the current rebalance started.</summary>
    public long RebalanceStartMs { get; set; }

    /// <summary>The join completes at this time at the latest, dropping members that did not rejoin.</summary>
    public long JoinDeadlineMs { get; set; }

    /// <summary>True while the first rebalance of an empty group runs (the initial delay applies).</summary>
    public bool InitialRebalance { get; set; }

    /// <summary>Committed offsets by topic and partition.</summary>
    public Dictionary<(string Topic, int Partition), CommittedOffset> Offsets { get; } = [];

    /// <summary>The member with <paramref name="memberId"/>, or null.</summary>
    public GroupMember? Find(string memberId)
    {
        foreach (var m in Members)
        {
            if (m.MemberId == memberId)
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>The static member with <paramref name="instanceId"/>, or null.</summary>
    public GroupMember? FindInstance(string instanceId)
    {
        foreach (var m in Members)
        {
            if (m.GroupInstanceId == instanceId)
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>True when every member has a parked JoinGroup and no KIP-394 member id is outstanding.</summary>
    public bool AllMembersJoined()
    {
        if (PendingMembers.Count > 0)
        {
            return false;
        }

        foreach (var m in Members)
        {
            if (m.JoinWaiter is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Kafka's protocol vote: the candidates are the protocols every member supports; each member votes for its most
    /// preferred candidate; the most votes wins (ties: the earlier joiner's preference). Null when there is no candidate.
    /// </summary>
    public string? SelectProtocol()
    {
        if (Members.Count == 0)
        {
            return null;
        }

        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        string? best = null;
        var bestVotes = 0;
        foreach (var member in Members)
        {
            foreach (var p in member.Protocols)
            {
                if (IsCommon(p.Name))
                {
                    var n = votes[p.Name] = votes.GetValueOrDefault(p.Name) + 1;
                    if (n > bestVotes)
                    {
                        best = p.Name;
                        bestVotes = n;
                    }

                    break;
                }
            }
        }

        return best;
    }

    /// <summary>True when a joining member with <paramref name="protocols"/> fits the group's protocol type and shares a protocol with every other member.</summary>
    public bool Accepts(string protocolType, IReadOnlyList<JoinProtocol> protocols, GroupMember? self)
    {
        if (protocols.Count == 0 || string.IsNullOrEmpty(protocolType))
        {
            return false;
        }

        var others = Members.Count - (self is null ? 0 : 1);
        if (others == 0)
        {
            return true;
        }

        if (protocolType != ProtocolType)
        {
            return false;
        }

        foreach (var p in protocols)
        {
            var everyone = true;
            foreach (var m in Members)
            {
                if (!ReferenceEquals(m, self) && !m.Supports(p.Name))
                {
                    everyone = false;
                    break;
                }
            }

            if (everyone)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsCommon(string protocol)
    {
        foreach (var m in Members)
        {
            if (!m.Supports(protocol))
            {
                return false;
            }
        }

        return true;
    }
}
