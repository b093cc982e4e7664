namespace Brook.Cluster.Groups;

/// <summary>
/// A classic group as DescribeGroups reports it (Kafka's GroupSummary): state name, protocol type, and - only while
/// Stable - the chosen protocol and each member's metadata and assignment.
/// </summary>
/// <param name="GroupId">Group id.</param>
/// <param name="State">Kafka's state name: Empty, PreparingRebalance, CompletingRebalance, Stable or Dead.</param>
/// <param name="ProtocolType">Protocol type ("consumer"), or empty.</param>
/// <param name="Protocol">Chosen protocol while Stable, else empty.</param>
/// <param name="Members">Members in join order.</param>
internal sealed record GroupDescription(string GroupId, string State, string ProtocolType, string Protocol, IReadOnlyList<GroupMemberDescription> Members);
