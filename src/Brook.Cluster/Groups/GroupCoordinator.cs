using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

/// <summary>
/// The classic group coordinator of the whole cluster (broker-semantics.md §6). Groups live here rather than on one
/// broker, so moving the coordinator (a broker going down) keeps them, as Kafka's reload from __consumer_offsets
/// would; which broker answers for a group is <see cref="Model.ClusterState.CoordinatorFor"/>. One lock guards every
/// group; parked JoinGroup and SyncGroup requests complete through <see cref="TaskCompletionSource{T}"/>s, and
/// <see cref="Tick"/> (the cluster ticker) runs delayed joins, rebalance timeouts and session expiry.
/// </summary>
internal sealed partial class GroupCoordinator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Random _random;

    public GroupCoordinator(GroupOptions options, TimeProvider time, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _time = time;
        _random = new Random(seed);
    }

    /// <summary>Settings.</summary>
    public GroupOptions Options { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs due work: delayed and timed-out joins, expired members and expired KIP-394 member ids.</summary>
    public void Tick()
    {
        var now = NowMs;
        lock (_lock)
        {
            foreach (var group in _groups.Values)
            {
                ExpirePendingMembers(group, now);
                ExpireSessions(group, now);
                if (group.State == GroupState.PreparingRebalance)
                {
                    TryCompleteJoin(group, now);
                }
            }
        }
    }

    /// <summary>State, generation and member ids of a group, for tests and observability; null when unknown.</summary>
    public (GroupState State, int Generation, string? Leader, string? Protocol, string[] Members)? Describe(string groupId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var g))
            {
                return null;
            }

            var ids = new string[g.Members.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = g.Members[i].MemberId;
            }

            return (g.State, g.GenerationId, g.LeaderId, g.ProtocolName, ids);
        }
    }

    private static void ExpirePendingMembers(ConsumerGroup group, long now)
    {
        if (group.PendingMembers.Count == 0)
        {
            return;
        }

        List<string>? expired = null;
        foreach (var (id, deadline) in group.PendingMembers)
        {
            if (deadline <= now)
            {
                (expired ??= []).Add(id);
            }
        }

        if (expired is not null)
        {
            foreach (var id in expired)
            {
                group.PendingMembers.Remove(id);
            }
        }
    }

    private void ExpireSessions(ConsumerGroup group, long now)
    {
        for (var i = group.Members.Count - 1; i >= 0; i--)
        {
            var m = group.Members[i];

            // A member parked in JoinGroup or SyncGroup is alive: the rebalance timeout governs it.
            if (m.JoinWaiter is null && m.SyncWaiter is null && m.SessionDeadlineMs <= now)
            {
                RemoveMember(group, m, now);
            }
        }
    }

    /// <summary>Removes a member (leave or expiry), answering its parked requests, and rebalances what is left.</summary>
    private void RemoveMember(ConsumerGroup group, GroupMember member, long now)
    {
        member.JoinWaiter?.TrySetResult(JoinOutcome.Failed(ErrorCode.UnknownMemberId, member.MemberId));
        member.JoinWaiter = null;
        member.SyncWaiter?.TrySetResult(SyncOutcome.Failed(ErrorCode.UnknownMemberId));
        member.SyncWaiter = null;
        group.Members.Remove(member);
        if (group.LeaderId == member.MemberId)
        {
            group.LeaderId = group.Members.Count > 0 ? group.Members[0].MemberId : null;
        }

        switch (group.State)
        {
            case GroupState.Stable:
            case GroupState.CompletingRebalance:
                PrepareRebalance(group, now);
                break;
            case GroupState.PreparingRebalance:
                TryCompleteJoin(group, now);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Starts a rebalance: parked SyncGroups fail with REBALANCE_IN_PROGRESS, assignments are dropped, and the join
    /// waits for every member up to the largest rebalance timeout (an empty group: the initial delay first).
    /// </summary>
    private void PrepareRebalance(ConsumerGroup group, long now)
    {
        if (group.State == GroupState.CompletingRebalance)
        {
            foreach (var m in group.Members)
            {
                m.Assignment = [];
                m.SyncWaiter?.TrySetResult(SyncOutcome.Failed(ErrorCode.RebalanceInProgress));
                m.SyncWaiter = null;
            }
        }

        var timeout = 0;
        foreach (var m in group.Members)
        {
            timeout = Math.Max(timeout, m.RebalanceTimeoutMs);
        }

        group.InitialRebalance = group.State == GroupState.Empty;
        group.State = GroupState.PreparingRebalance;
        group.RebalanceStartMs = now;
        group.JoinDeadlineMs = now + timeout;
        group.JoinNotBeforeMs = group.InitialRebalance ? Math.Min(now + Options.InitialRebalanceDelayMs, group.JoinDeadlineMs) : now;
        TryCompleteJoin(group, now);
    }

    /// <summary>Completes the join when everyone rejoined (after the initial delay) or the deadline passed.</summary>
    private void TryCompleteJoin(ConsumerGroup group, long now)
    {
        if (group.State != GroupState.PreparingRebalance)
        {
            return;
        }

        var due = now >= group.JoinDeadlineMs;
        if (!due && (now < group.JoinNotBeforeMs || !group.AllMembersJoined()))
        {
            return;
        }

        // Members that did not rejoin in time leave the group (Kafka drops them at the join deadline).
        for (var i = group.Members.Count - 1; i >= 0; i--)
        {
            var m = group.Members[i];
            if (m.JoinWaiter is null)
            {
                group.Members.RemoveAt(i);
            }
        }

        group.PendingMembers.Clear();
        group.GenerationId++;
        if (group.Members.Count == 0)
        {
            group.State = GroupState.Empty;
            group.ProtocolName = null;
            group.ProtocolType = null;
            group.LeaderId = null;
            return;
        }

        if (group.LeaderId is null || group.Find(group.LeaderId) is null)
        {
            group.LeaderId = group.Members[0].MemberId;
        }

        group.ProtocolName = group.SelectProtocol();
        group.State = GroupState.CompletingRebalance;
        var protocol = group.ProtocolName ?? string.Empty;
        var all = new JoinedMember[group.Members.Count];
        for (var i = 0; i < all.Length; i++)
        {
            var m = group.Members[i];
            all[i] = new JoinedMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(protocol));
        }

        foreach (var m in group.Members)
        {
            m.SessionDeadlineMs = now + m.SessionTimeoutMs;
            var outcome = new JoinOutcome(ErrorCode.None, m.MemberId, group.GenerationId, group.ProtocolType, group.ProtocolName, group.LeaderId, m.MemberId == group.LeaderId ? all : []);
            var waiter = m.JoinWaiter;
            m.JoinWaiter = null;
            waiter?.TrySetResult(outcome);
        }
    }

    private string NewMemberId(string? clientId)
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return $"{(string.IsNullOrEmpty(clientId) ? "member" : clientId)}-{new Guid(bytes):D}";
    }
}
