namespace Brook.Cluster.Groups;

internal sealed partial class GroupCoordinator
{
    /// <summary>Kafka's name for a group that does not exist (DescribeGroups answers it with no error).</summary>
    public const string DeadState = "Dead";

    /// <summary>
    /// DescribeGroups for one group (Kafka's GroupMetadata.summary): an unknown group is Dead with no members;
    /// metadata, assignments and the protocol name are reported only while the group is Stable.
    /// </summary>
    public GroupDescription DescribeGroup(string groupId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var g) || g.State == GroupState.Dead)
            {
                return new GroupDescription(groupId, DeadState, string.Empty, string.Empty, []);
            }

            var stable = g.State == GroupState.Stable;
            var protocol = stable ? g.ProtocolName ?? string.Empty : string.Empty;
            var members = new GroupMemberDescription[g.Members.Count];
            for (var i = 0; i < members.Length; i++)
            {
                var m = g.Members[i];
                members[i] = new GroupMemberDescription(
                    m.MemberId,
                    m.GroupInstanceId,
                    m.ClientId,
                    m.ClientHost,
                    stable ? m.MetadataFor(protocol) : [],
                    stable ? m.Assignment : []);
            }

            return new GroupDescription(g.GroupId, g.State.ToString(), g.ProtocolType ?? string.Empty, protocol, members);
        }
    }

    /// <summary>
    /// ListGroups: every live group that <paramref name="include"/> accepts (the caller filters by coordinator), with
    /// its protocol type and Kafka's state name, ordered by group id.
    /// </summary>
    public List<(string GroupId, string ProtocolType, string State)> ListGroups(Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        var result = new List<(string GroupId, string ProtocolType, string State)>();
        lock (_lock)
        {
            foreach (var g in _groups.Values)
            {
                if (g.State != GroupState.Dead && include(g.GroupId))
                {
                    result.Add((g.GroupId, g.ProtocolType ?? string.Empty, g.State.ToString()));
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.GroupId, b.GroupId));
        return result;
    }
}
