using Brook.Protocol.Errors;

namespace Brook.Cluster.Groups;

internal sealed partial class GroupCoordinator
{
    /// <summary>Kafka's default <c>offset.metadata.max.bytes</c>.</summary>
    public const int MaxMetadataLength = 4096;

    /// <summary>
    /// Checks an OffsetCommit against the group (Kafka's handleCommitOffsets): generation -1 with no member is a
    /// "simple" commit, accepted only while the group has no members; otherwise member and generation must match and
    /// the group must not be waiting for SyncGroup. A commit counts as a heartbeat.
    /// </summary>
    public ErrorCode ValidateCommit(string groupId, int generationId, string memberId)
    {
        if (string.IsNullOrEmpty(groupId))
        {
            return ErrorCode.InvalidGroupId;
        }

        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                if (generationId >= 0)
                {
                    return ErrorCode.IllegalGeneration;
                }

                _groups.Add(groupId, new ConsumerGroup(groupId));
                return ErrorCode.None;
            }

            if (group.State == GroupState.Dead)
            {
                return ErrorCode.CoordinatorNotAvailable;
            }

            if (generationId < 0 && group.State == GroupState.Empty)
            {
                return ErrorCode.None;
            }

            var member = group.Find(memberId);
            if (member is null)
            {
                return ErrorCode.UnknownMemberId;
            }

            if (generationId != group.GenerationId)
            {
                return ErrorCode.IllegalGeneration;
            }

            if (group.State == GroupState.CompletingRebalance)
            {
                return ErrorCode.RebalanceInProgress;
            }

            member.SessionDeadlineMs = NowMs + member.SessionTimeoutMs;
            return ErrorCode.None;
        }
    }

    /// <summary>Stores one committed offset (after <see cref="ValidateCommit"/> accepted the request).</summary>
    public void Commit(string groupId, string topic, int partition, long offset, int leaderEpoch, string? metadata)
    {
        var now = NowMs;
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                group = new ConsumerGroup(groupId);
                _groups.Add(groupId, group);
            }

            group.Offsets[(topic, partition)] = new CommittedOffset(offset, leaderEpoch, metadata, now);
        }
    }

    /// <summary>The committed offset of one partition; false when none.</summary>
    public bool TryGetOffset(string groupId, string topic, int partition, out CommittedOffset offset)
    {
        lock (_lock)
        {
            offset = default;
            return _groups.TryGetValue(groupId, out var group) && group.Offsets.TryGetValue((topic, partition), out offset);
        }
    }

    /// <summary>Every committed offset of a group (OffsetFetch with null topics), sorted by topic and partition.</summary>
    public List<(string Topic, int Partition, CommittedOffset Offset)> AllOffsets(string groupId)
    {
        var list = new List<(string Topic, int Partition, CommittedOffset Offset)>();
        lock (_lock)
        {
            if (_groups.TryGetValue(groupId, out var group))
            {
                foreach (var (key, value) in group.Offsets)
                {
                    list.Add((key.Topic, key.Partition, value));
                }
            }
        }

        list.Sort(static (a, b) => a.Topic != b.Topic ? string.CompareOrdinal(a.Topic, b.Topic) : a.Partition.CompareTo(b.Partition));
        return list;
    }

    /// <summary>Drops every committed offset of a deleted topic.</summary>
    public void RemoveTopicOffsets(string topic)
    {
        lock (_lock)
        {
            foreach (var group in _groups.Values)
            {
                List<(string, int)>? gone = null;
                foreach (var key in group.Offsets.Keys)
                {
                    if (key.Topic == topic)
                    {
                        (gone ??= []).Add(key);
                    }
                }

                if (gone is not null)
                {
                    foreach (var key in gone)
                    {
                        group.Offsets.Remove(key);
                    }
                }
            }
        }
    }
}
