using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// SyncGroup: the leader's assignments are stored and handed to every parked member (the group turns Stable); a
    /// follower parks until then, or gets its assignment at once when the group is already Stable.
    /// </summary>
    public Task<SyncOutcome> SyncAsync(string groupId, int generationId, string memberId, string? protocolType, string? protocolName, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments)
    {
        lock (_lock)
        {
            var error = Check(groupId, generationId, memberId, out var group, out var member);
            if (error != ErrorCode.None)
            {
                return Task.FromResult(SyncOutcome.Failed(error));
            }

            if ((protocolType is not null && protocolType != group!.ProtocolType) || (protocolName is not null && protocolName != group!.ProtocolName))
            {
                return Task.FromResult(SyncOutcome.Failed(ErrorCode.InconsistentGroupProtocol));
            }

            member!.SessionDeadlineMs = NowMs + member.SessionTimeoutMs;
            switch (group!.State)
            {
                case GroupState.PreparingRebalance:
                    return Task.FromResult(SyncOutcome.Failed(ErrorCode.RebalanceInProgress));
                case GroupState.Stable:
                    return Task.FromResult(new SyncOutcome(ErrorCode.None, member.Assignment, group.ProtocolType, group.ProtocolName));
                case GroupState.CompletingRebalance:
                    member.SyncWaiter?.TrySetResult(SyncOutcome.Failed(ErrorCode.RebalanceInProgress));
                    var tcs = new TaskCompletionSource<SyncOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                    member.SyncWaiter = tcs;
                    if (memberId == group.LeaderId)
                    {
                        foreach (var m in group.Members)
                        {
                            m.Assignment = [];
                        }

                        foreach (var (id, assignment) in assignments)
                        {
                            if (group.Find(id) is { } target)
                            {
                                target.Assignment = assignment;
                            }
                        }

                        group.State = GroupState.Stable;
                        foreach (var m in group.Members)
                        {
                            var waiter = m.SyncWaiter;
                            m.SyncWaiter = null;
                            waiter?.TrySetResult(new SyncOutcome(ErrorCode.None, m.Assignment, group.ProtocolType, group.ProtocolName));
                        }
                    }

                    return tcs.Task;
                default:
                    return Task.FromResult(SyncOutcome.Failed(ErrorCode.UnknownMemberId));
            }
        }
    }

    /// <summary>Heartbeat: NONE while Stable or CompletingRebalance, REBALANCE_IN_PROGRESS while members must rejoin.</summary>
    public ErrorCode Heartbeat(string groupId, int generationId, string memberId)
    {
        lock (_lock)
        {
            var error = Check(groupId, generationId, memberId, out var group, out var member);
            if (error != ErrorCode.None)
            {
                return error;
            }

            member!.SessionDeadlineMs = NowMs + member.SessionTimeoutMs;
            return group!.State == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
        }
    }

    /// <summary>
    /// LeaveGroup for one member (by member id, or by instance id for static members): it is removed at once and
    /// the rest rebalance. Returns the error for this member.
    /// </summary>
    public ErrorCode Leave(string groupId, string memberId, string? groupInstanceId)
    {
        var now = NowMs;
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || group.State == GroupState.Dead)
            {
                return ErrorCode.UnknownMemberId;
            }

            GroupMember? member;
            if (groupInstanceId is not null)
            {
                member = group.FindInstance(groupInstanceId);
                if (member is null)
                {
                    return ErrorCode.UnknownMemberId;
                }

                if (memberId.Length > 0 && member.MemberId != memberId)
                {
                    return ErrorCode.FencedInstanceId;
                }
            }
            else
            {
                member = group.Find(memberId);
                if (member is null)
                {
                    return group.PendingMembers.Remove(memberId) ? ErrorCode.None : ErrorCode.UnknownMemberId;
                }
            }

            RemoveMember(group, member, now);
            return ErrorCode.None;
        }
    }

    /// <summary>Group, member and generation checks shared by SyncGroup and Heartbeat.</summary>
    private ErrorCode Check(string groupId, int generationId, string memberId, out ConsumerGroup? group, out GroupMember? member)
    {
        member = null;
        if (string.IsNullOrEmpty(groupId))
        {
            group = null;
            return ErrorCode.InvalidGroupId;
        }

        if (!_groups.TryGetValue(groupId, out group) || group.State is GroupState.Dead or GroupState.Empty)
        {
            return ErrorCode.UnknownMemberId;
        }

        member = group.Find(memberId);
        if (member is null)
        {
            return ErrorCode.UnknownMemberId;
        }

        return generationId != group.GenerationId ? ErrorCode.IllegalGeneration : ErrorCode.None;
    }
}
