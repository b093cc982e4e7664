using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>The current transaction cannot commit; call <c>AbortTransactionAsync</c>, then the producer is usable again.</summary>
public sealed class TransactionAbortableException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The error that made the transaction abortable.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TransactionAbortableException(ErrorCode errorCode, string? message = null, Exception? innerException = null)
        : base(errorCode, isRetriable: false, isFatal: false, message ?? $"The transaction must be aborted ({ErrorCodes.Name(errorCode)}): call AbortTransactionAsync and start a new one.", innerException)
    {
    }
}
