using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// JoinGroup (Kafka's GroupCoordinator.handleJoinGroup). Completes at once with an error, with MEMBER_ID_REQUIRED
    /// (v4+, <paramref name="requireKnownMemberId"/>, KIP-394), or with the current generation when nothing changed;
    /// otherwise the request parks until the rebalance completes.
    /// </summary>
    public Task<JoinOutcome> JoinAsync(
        string groupId,
        string memberId,
        string? groupInstanceId,
        string protocolType,
        IReadOnlyList<JoinProtocol> protocols,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        bool requireKnownMemberId,
        string? clientId = null,
        string? clientHost = null)
    {
        var client = new ClientInfo(clientId ?? string.Empty, clientHost ?? string.Empty);
        if (string.IsNullOrEmpty(groupId))
        {
            return Task.FromResult(JoinOutcome.Failed(ErrorCode.InvalidGroupId, memberId));
        }

        if (sessionTimeoutMs < Options.MinSessionTimeoutMs || sessionTimeoutMs > Options.MaxSessionTimeoutMs)
        {
            return Task.FromResult(JoinOutcome.Failed(ErrorCode.InvalidSessionTimeout, memberId));
        }

        // v0 has no rebalance timeout: Kafka uses the session timeout.
        if (rebalanceTimeoutMs < 0)
        {
            rebalanceTimeoutMs = sessionTimeoutMs;
        }

        var now = NowMs;
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                if (memberId.Length > 0)
                {
                    return Task.FromResult(JoinOutcome.Failed(ErrorCode.UnknownMemberId, memberId));
                }

                group = new ConsumerGroup(groupId);
                _groups.Add(groupId, group);
            }

            if (group.State == GroupState.Dead)
            {
                return Task.FromResult(JoinOutcome.Failed(ErrorCode.CoordinatorNotAvailable, memberId));
            }

            return memberId.Length == 0
                ? JoinUnknown(group, groupInstanceId, protocolType, protocols, sessionTimeoutMs, rebalanceTimeoutMs, requireKnownMemberId, client, now)
                : JoinKnown(group, memberId, groupInstanceId, protocolType, protocols, sessionTimeoutMs, rebalanceTimeoutMs, client, now);
        }
    }

    private Task<JoinOutcome> JoinUnknown(
        ConsumerGroup group,
        string? groupInstanceId,
        string protocolType,
        IReadOnlyList<JoinProtocol> protocols,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        bool requireKnownMemberId,
        ClientInfo client,
        long now)
    {
        var previous = groupInstanceId is null ? null : group.FindInstance(groupInstanceId);
        if (!group.Accepts(protocolType, protocols, previous))
        {
            return Task.FromResult(JoinOutcome.Failed(ErrorCode.InconsistentGroupProtocol, string.Empty));
        }

        var memberId = NewMemberId(client.ClientId);
        if (previous is not null)
        {
            // A static member restarting: the old incarnation is fenced, the new one takes its place.
            previous.JoinWaiter?.TrySetResult(JoinOutcome.Failed(ErrorCode.FencedInstanceId, previous.MemberId));
            previous.JoinWaiter = null;
            previous.SyncWaiter?.TrySetResult(SyncOutcome.Failed(ErrorCode.FencedInstanceId));
            previous.SyncWaiter = null;
            if (group.LeaderId == previous.MemberId)
            {
                group.LeaderId = memberId;
            }

            previous.MemberId = memberId;
            (previous.ClientId, previous.ClientHost) = (client.ClientId, client.ClientHost);
            return Rejoin(group, previous, protocols, sessionTimeoutMs, rebalanceTimeoutMs, now, forceRebalance: true);
        }

        if (requireKnownMemberId && groupInstanceId is null)
        {
            group.PendingMembers[memberId] = now + sessionTimeoutMs;
            return Task.FromResult(JoinOutcome.Failed(ErrorCode.MemberIdRequired, memberId));
        }

        return AddMember(group, memberId, groupInstanceId, protocolType, protocols, sessionTimeoutMs, rebalanceTimeoutMs, client, now);
    }

    private Task<JoinOutcome> JoinKnown(
        ConsumerGroup group,
        string memberId,
        string? groupInstanceId,
        string protocolType,
        IReadOnlyList<JoinProtocol> protocols,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        ClientInfo client,
        long now)
    {
        if (group.PendingMembers.Remove(memberId))
        {
            if (!group.Accepts(protocolType, protocols, null))
            {
                return Task.FromResult(JoinOutcome.Failed(ErrorCode.InconsistentGroupProtocol, memberId));
            }

            return AddMember(group, memberId, groupInstanceId, protocolType, protocols, sessionTimeoutMs, rebalanceTimeoutMs, client, now);
        }

        var member = group.Find(memberId);
        if (member is null)
        {
            return Task.FromResult(JoinOutcome.Failed(
                groupInstanceId is not null && group.FindInstance(groupInstanceId) is not null ? ErrorCode.FencedInstanceId : ErrorCode.UnknownMemberId,
                memberId));
        }

        if (!group.Accepts(protocolType, protocols, member))
        {
            return Task.FromResult(JoinOutcome.Failed(ErrorCode.InconsistentGroupProtocol, memberId));
        }

        (member.ClientId, member.ClientHost) = (client.ClientId, client.ClientHost);
        return Rejoin(group, member, protocols, sessionTimeoutMs, rebalanceTimeoutMs, now, forceRebalance: false);
    }

    private Task<JoinOutcome> AddMember(
        ConsumerGroup group,
        string memberId,
        string? groupInstanceId,
        string protocolType,
        IReadOnlyList<JoinProtocol> protocols,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        ClientInfo client,
        long now)
    {
        var member = new GroupMember(memberId, groupInstanceId)
        {
            ClientId = client.ClientId,
            ClientHost = client.ClientHost,
            SessionTimeoutMs = sessionTimeoutMs,
            RebalanceTimeoutMs = rebalanceTimeoutMs,
            Protocols = protocols,
            SessionDeadlineMs = now + sessionTimeoutMs,
        };
        if (group.Members.Count == 0)
        {
            group.ProtocolType = protocolType;
        }

        group.Members.Add(member);
        group.LeaderId ??= memberId;
        var waiter = Park(member);
        if (group.State == GroupState.PreparingRebalance)
        {
            group.JoinDeadlineMs = Math.Max(group.JoinDeadlineMs, now + rebalanceTimeoutMs);
            if (group.InitialRebalance)
            {
                // Kafka's InitialDelayedJoin: each newcomer extends the wait, up to the rebalance timeout.
                group.JoinNotBeforeMs = Math.Min(now + Options.InitialRebalanceDelayMs, group.RebalanceStartMs + rebalanceTimeoutMs);
            }

            TryCompleteJoin(group, now);
        }
        else
        {
            PrepareRebalance(group, now);
        }

        return waiter;
    }

    private Task<JoinOutcome> Rejoin(
        ConsumerGroup group,
        GroupMember member,
        IReadOnlyList<JoinProtocol> protocols,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        long now,
        bool forceRebalance)
    {
        var changed = forceRebalance || !member.SameProtocols(protocols);
        member.SessionTimeoutMs = sessionTimeoutMs;
        member.RebalanceTimeoutMs = rebalanceTimeoutMs;
        member.SessionDeadlineMs = now + sessionTimeoutMs;
        switch (group.State)
        {
            case GroupState.CompletingRebalance when !changed:
            case GroupState.Stable when !changed && member.MemberId != group.LeaderId:
                // Nothing changed: the member gets the current generation again (Kafka does the same).
                return Task.FromResult(CurrentGeneration(group, member));
            default:
                member.Protocols = protocols;
                var waiter = Park(member);
                if (group.State == GroupState.PreparingRebalance)
                {
                    TryCompleteJoin(group, now);
                }
                else
                {
                    PrepareRebalance(group, now);
                }

                return waiter;
        }
    }

    private static JoinOutcome CurrentGeneration(ConsumerGroup group, GroupMember member)
    {
        IReadOnlyList<JoinedMember> members = [];
        if (member.MemberId == group.LeaderId)
        {
            var protocol = group.ProtocolName ?? string.Empty;
            var all = new JoinedMember[group.Members.Count];
            for (var i = 0; i < all.Length; i++)
            {
                var m = group.Members[i];
                all[i] = new JoinedMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(protocol));
            }

            members = all;
        }

        return new JoinOutcome(ErrorCode.None, member.MemberId, group.GenerationId, group.ProtocolType, group.ProtocolName, group.LeaderId ?? string.Empty, members);
    }

    private static Task<JoinOutcome> Park(GroupMember member)
    {
        // A second join from the same member replaces the first (Kafka answers the old one with the new result too;
        // librdkafka never overlaps them).
        member.JoinWaiter?.TrySetResult(JoinOutcome.Failed(ErrorCode.RebalanceInProgress, member.MemberId));
        var tcs = new TaskCompletionSource<JoinOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        member.JoinWaiter = tcs;
        return tcs.Task;
    }
}
