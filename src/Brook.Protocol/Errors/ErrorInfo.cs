using System.Globalization;

namespace Brook.Protocol.Errors;

/// <summary>One row of Kafka's error-code table: the code, its Kafka name, whether Kafka clients retry it, and what it means.</summary>
/// <param name="Code">The numeric wire code.</param>
/// <param name="Name">Kafka's name, e.g. <c>NOT_LEADER_OR_FOLLOWER</c>.</param>
/// <param name="IsRetriable">
/// <see langword="true"/> when Kafka marks the error retriable (the same request may succeed later, e.g. after a
/// metadata refresh); <see langword="false"/> for errors a retry cannot fix.
/// </param>
/// <param name="Description">One-line meaning.</param>
public readonly record struct ErrorInfo(ErrorCode Code, string Name, bool IsRetriable, string Description)
{
    /// <summary>
    /// The form used in exception messages and logs, e.g. <c>NOT_LEADER_OR_FOLLOWER (6): The broker is not the leader ...</c>,
    /// so users see Kafka's name and can search for it.
    /// </summary>
    /// <returns>The Kafka name, the code in parentheses, and the description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({(short)Code}): {Description}");
}
