using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// The base of every Kafka error the producer reports: the Kafka <see cref="Protocol.Errors.ErrorCode"/>, whether
/// retrying can help, and whether the producer is now unusable. Catch the sealed subtypes for specific handling.
/// </summary>
public class KafkaException : Exception
{
    /// <summary>Creates the exception; retriable per Kafka's error table, not fatal.</summary>
    /// <param name="errorCode">The Kafka error.</param>
    /// <param name="message">What happened; null uses the error's Kafka name and description.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public KafkaException(ErrorCode errorCode, string? message = null, Exception? innerException = null)
        : this(errorCode, ErrorCodes.IsRetriable(errorCode), isFatal: false, message, innerException)
    {
    }

    /// <summary>Creates the exception with explicit retriable and fatal flags.</summary>
    protected KafkaException(ErrorCode errorCode, bool isRetriable, bool isFatal, string? message, Exception? innerException)
        : base(message ?? DefaultMessage(errorCode), innerException)
    {
        ErrorCode = errorCode;
        IsRetriable = isRetriable;
        IsFatal = isFatal;
    }

    /// <summary>Creates the exception with a generic message (UNKNOWN_SERVER_ERROR).</summary>
    public KafkaException()
        : this(ErrorCode.UnknownServerError)
    {
    }

    /// <summary>Creates the exception with a message (UNKNOWN_SERVER_ERROR).</summary>
    public KafkaException(string message)
        : this(ErrorCode.UnknownServerError, message)
    {
    }

    /// <summary>Creates the exception with a message and cause (UNKNOWN_SERVER_ERROR).</summary>
    public KafkaException(string message, Exception innerException)
        : this(ErrorCode.UnknownServerError, message, innerException)
    {
    }

    /// <summary>The Kafka error code.</summary>
    public ErrorCode ErrorCode { get; }

    /// <summary>Kafka's name for the error, e.g. <c>NOT_LEADER_OR_FOLLOWER</c>.</summary>
    public string ErrorName => ErrorCodes.Name(ErrorCode);

    /// <summary>True when the same operation may succeed if tried again.</summary>
    public bool IsRetriable { get; }

    /// <summary>True when the producer can no longer be used and must be disposed.</summary>
    public bool IsFatal { get; }

    private static string DefaultMessage(ErrorCode code)
    {
        var info = ErrorCodes.Get(code);
        return $"{info.Name}: {info.Description}";
    }
}
