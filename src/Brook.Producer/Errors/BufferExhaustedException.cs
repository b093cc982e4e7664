using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// buffer.memory stayed exhausted for max.block.ms: records are produced faster than the brokers accept them.
/// Retriable (REQUEST_TIMED_OUT, as Java's BufferExhaustedException is a TimeoutException).
/// </summary>
public sealed class BufferExhaustedException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">How much was requested, how long the caller waited and which settings to change.</param>
    public BufferExhaustedException(string message)
        : base(ErrorCode.RequestTimedOut, isRetriable: true, isFatal: false, message, null)
    {
    }
}
