using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// The producer is unusable (fenced by a newer instance, not authorized, unsupported broker version); dispose it and
/// create a new one. Every later operation fails with this exception.
/// </summary>
public sealed class FatalException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The fatal error, e.g. PRODUCER_FENCED.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying failure.</param>
    public FatalException(ErrorCode errorCode, string? message = null, Exception? innerException = null)
        : base(errorCode, isRetriable: false, isFatal: true, message ?? $"Fatal producer error {ErrorCodes.Name(errorCode)}: {ErrorCodes.Get(errorCode).Description} Dispose this producer and create a new one.", innerException)
    {
    }
}
