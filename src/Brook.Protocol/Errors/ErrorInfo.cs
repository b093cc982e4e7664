namespace Brook.Protocol.Errors;

/// <summary>One row of Kafka's error-code table: the code, its Kafka name, whether Kafka clients retry it, and what it means.</summary>
/// <param name="Code">The numeric wire code.</param>
/// <param name="Name">Kafka's name, e.g. <c>NOT_LEADER_OR_FOLLOWER</c>.</param>
/// <param name="IsRetriable">
/// <see langword="true"/> when Kafka marks the error retriable (the same request may succeed later, e.g. after a
/// metadata refresh); <see langword="false"/> for errors a retry cannot fix.
/// </param>
/// <param name="Description">One-line meaning.</param>
public readonly record struct ErrorInfo(ErrorCode Code, string Name, bool IsRetriable, string Description);
