namespace Brook.Cluster.Observability;

/// <summary>One entry of the request history (broker-semantics.md §8.2).</summary>
public sealed record RequestRecord
{
    /// <summary>Broker that received the request.</summary>
    public required int BrokerId { get; init; }

    /// <summary>Connection id, unique per cluster.</summary>
    public required long ConnectionId { get; init; }

    /// <summary>API key.</summary>
    public required short ApiKey { get; init; }

    /// <summary>API version.</summary>
    public required short ApiVersion { get; init; }

    /// <summary>Correlation id.</summary>
    public required int CorrelationId { get; init; }

    /// <summary>Client id from the header, if any.</summary>
    public string? ClientId { get; init; }

    /// <summary>When the request was read.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was answered (or closed); null while pending.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>How it ended.</summary>
    public RequestOutcome Outcome { get; init; }

    /// <summary>The decoded request message.</summary>
    public object? Request { get; init; }

    /// <summary>The response message, if one was written.</summary>
    public object? Response { get; init; }
}
