using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// A record is larger than max.request.size or buffer.memory (checked before it is queued), or the broker rejected it
/// with MESSAGE_TOO_LARGE. Not retriable.
/// </summary>
public sealed class RecordTooLargeException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The record size, the limit and the setting that imposes it.</param>
    public RecordTooLargeException(string message)
        : base(ErrorCode.MessageTooLarge, isRetriable: false, isFatal: false, message, null)
    {
    }
}
