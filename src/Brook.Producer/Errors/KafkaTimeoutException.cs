using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// A local deadline passed: metadata not available within max.block.ms, a request without answer within
/// request.timeout.ms, or a record not delivered within delivery.timeout.ms. Retriable; reported as REQUEST_TIMED_OUT,
/// as Java maps its TimeoutException.
/// </summary>
public sealed class KafkaTimeoutException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which deadline passed and which setting controls it.</param>
    /// <param name="innerException">The underlying failure.</param>
    public KafkaTimeoutException(string message, Exception? innerException = null)
        : base(ErrorCode.RequestTimedOut, isRetriable: true, isFatal: false, message, innerException)
    {
    }
}
