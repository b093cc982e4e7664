namespace Brook.Cluster.Groups;

/// <summary>One protocol a member offers in JoinGroup (e.g. "range" with its subscription bytes).</summary>
/// <param name="Name">Protocol name.</param>
/// <param name="Metadata">Opaque protocol metadata.</param>
internal sealed record JoinProtocol(string Name, byte[] Metadata);
