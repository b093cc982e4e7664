using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>A record could not be delivered; <see cref="DeliveryResult"/> says where it was going and whether it may have been persisted.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class ProduceException<TKey, TValue> : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">Why delivery failed.</param>
    /// <param name="deliveryResult">The record, its destination and its persistence status.</param>
    /// <param name="message">What happened; null uses the error's description.</param>
    /// <param name="innerException">The underlying failure (e.g. a <see cref="KafkaTimeoutException"/>).</param>
    public ProduceException(ErrorCode errorCode, DeliveryResult<TKey, TValue> deliveryResult, string? message = null, Exception? innerException = null)
        : base(errorCode, (innerException as KafkaException)?.IsRetriable ?? ErrorCodes.IsRetriable(errorCode), (innerException as KafkaException)?.IsFatal ?? false, message, innerException)
    {
        DeliveryResult = deliveryResult;
    }

    /// <summary>The failed record with its topic, partition and <see cref="PersistenceStatus"/>.</summary>
    public DeliveryResult<TKey, TValue> DeliveryResult { get; }
}
