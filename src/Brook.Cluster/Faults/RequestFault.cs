using Brook.Protocol.Errors;

namespace Brook.Cluster.Faults;

/// <summary>
/// A declarative request-level fault: for the next <see cref="Count"/> requests of <see cref="ApiKey"/> that match the
/// optional broker and topic-partition filters, do <see cref="Action"/>, after an optional delay. Like librdkafka's
/// push_request_errors and kfake's ControlKey, but typed and queued.
/// </summary>
public sealed record RequestFault
{
    /// <summary>Kafka API key the fault applies to (0 = Produce, 3 = Metadata, 22 = InitProducerId, ...).</summary>
    public required short ApiKey { get; init; }

    /// <summary>What to do.</summary>
    public FaultAction Action { get; init; } = FaultAction.Error;

    /// <summary>Error to answer with for <see cref="FaultAction.Error"/>.</summary>
    public ErrorCode Error { get; init; } = ErrorCode.None;

    /// <summary>Only requests received by this broker; null = any broker.</summary>
    public int? BrokerId { get; init; }

    /// <summary>Only this topic (per-partition faults); null = request level.</summary>
    public string? Topic { get; init; }

    /// <summary>Only this partition of <see cref="Topic"/>; null = any partition of it.</summary>
    public int? Partition { get; init; }

    /// <summary>Delay before the action (or the only effect, for <see cref="FaultAction.Delay"/>), in ms.</summary>
    public int DelayMs { get; init; }

    /// <summary>How many matching requests it applies to; -1 = until removed.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (ApiKey < 0)
        {
            throw new ArgumentException($"ApiKey must be a Kafka API key (0 or more), was {ApiKey}.", nameof(ApiKey));
        }

        if (Count is 0 or < -1)
        {
            throw new ArgumentException($"Count must be positive or -1 (until removed), was {Count}.", nameof(Count));
        }

        if (DelayMs < 0)
        {
            throw new ArgumentException($"DelayMs must be 0 or more, was {DelayMs}.", nameof(DelayMs));
        }

        if (Action == FaultAction.Error && Error == ErrorCode.None)
        {
            throw new ArgumentException("An Error fault needs a non-zero Error code; use FaultAction.Delay for delay only.", nameof(Error));
        }

        if (Partition is not null && Topic is null)
        {
            throw new ArgumentException("Partition needs Topic: set both to target one partition.", nameof(Partition));
        }
    }
}
