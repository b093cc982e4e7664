namespace Brook.Cluster.Network;

/// <summary>What the connection does after a handler ran.</summary>
internal enum ResponseAction
{
    /// <summary>Write the response.</summary>
    Respond,

    /// <summary>Write nothing and go on (Produce acks=0).</summary>
    NoResponse,

    /// <summary>Write nothing and close the connection.</summary>
    Close,
}
