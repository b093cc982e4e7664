namespace Brook.Producer.Diagnostics;

/// <summary>The logger categories (one per area), so users can filter e.g. <c>Brook.Producer.Network</c>.</summary>
internal static class LogCategories
{
    /// <summary>Producer lifecycle and buffer memory.</summary>
    public const string Producer = "Brook.Producer";

    /// <summary>Connections and ApiVersions.</summary>
    public const string Network = "Brook.Producer.Network";

    /// <summary>Metadata refreshes and leader changes.</summary>
    public const string Metadata = "Brook.Producer.Metadata";

    /// <summary>The sender loop: retries, expiry, failures.</summary>
    public const string Sender = "Brook.Producer.Sender";

    /// <summary>Producer id and epoch.</summary>
    public const string Idempotence = "Brook.Producer.Idempotence";

    /// <summary>Transaction state.</summary>
    public const string Transactions = "Brook.Producer.Transactions";

    /// <summary>Circuit breaker and dead-letter queue.</summary>
    public const string Resilience = "Brook.Producer.Resilience";
}
