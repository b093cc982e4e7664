namespace Brook.Cluster.Groups;

/// <summary>Who sent a JoinGroup: the header's client id and the peer's host, as DescribeGroups reports them.</summary>
/// <param name="ClientId">Client id, or empty.</param>
/// <param name="ClientHost">Host in Kafka's form ("/127.0.0.1"), or empty.</param>
internal readonly record struct ClientInfo(string ClientId, string ClientHost);
