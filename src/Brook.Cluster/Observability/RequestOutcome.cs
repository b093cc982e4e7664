namespace Brook.Cluster.Observability;

/// <summary>How a request ended, as recorded in the history.</summary>
public enum RequestOutcome
{
    /// <summary>A response was written.</summary>
    Answered,

    /// <summary>No response by protocol (Produce acks=0).</summary>
    NoResponse,

    /// <summary>The connection was closed instead of answering.</summary>
    Closed,

    /// <summary>A fault swallowed the response.</summary>
    Swallowed,
}
