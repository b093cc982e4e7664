using System.Globalization;
using Brook.Producer.Diagnostics;

namespace Brook.Producer;

public sealed partial class ResilientProducer<TKey, TValue>
{
    /// <summary>Builds the dead-letter copy: the record's key, value, timestamp and headers plus <see cref="DeadLetterHeaders"/>.</summary>
    internal static Message<TKey, TValue> DeadLetterMessage(in DeliveryResult<TKey, TValue> failed, KafkaException error)
    {
        var original = failed.Message;
        var headers = new Headers((original.Headers?.Count ?? 0) + 6);
        if (original.Headers is { } own)
        {
            foreach (var header in own.AsSpan())
            {
                headers.Add(header);
            }
        }

        headers.Add(DeadLetterHeaders.Topic, failed.Topic);
        headers.Add(DeadLetterHeaders.Partition, failed.Partition.Value.ToString(CultureInfo.InvariantCulture));
        headers.Add(DeadLetterHeaders.ErrorCode, ((short)error.ErrorCode).ToString(CultureInfo.InvariantCulture));
        headers.Add(DeadLetterHeaders.ErrorName, error.ErrorName);
        headers.Add(DeadLetterHeaders.ErrorMessage, error.Message);
        headers.Add(DeadLetterHeaders.Persistence, failed.Status.ToString());
        return new Message<TKey, TValue>
        {
            Key = original.Key,
            Value = original.Value,
            Timestamp = original.Timestamp,
            Headers = headers,
        };
    }

    private bool ShouldDeadLetter(string topic, ProduceException<TKey, TValue> failed) =>
        _deadLetter is not null
        && !string.Equals(topic, _deadLetter.Topic, StringComparison.Ordinal) // a failed dead-letter send is never dead-lettered again
        && _shouldDeadLetter(failed.DeliveryResult.Error ?? failed);

    private async ValueTask<DeliveryResult<TKey, TValue>> DeadLetterAsync(ProduceException<TKey, TValue> failed, CancellationToken cancellationToken)
    {
        var error = failed.DeliveryResult.Error ?? failed;
        var letter = DeadLetterMessage(failed.DeliveryResult, error);
        DeliveryResult<TKey, TValue> result;
        try
        {
            // Straight to the producer: no breaker, and no second dead-lettering.
            result = await _send(new TopicPartition(_deadLetter!.Topic, Partition.Any), letter, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception deadLetterFailure) when (deadLetterFailure is KafkaException or OperationCanceledException)
        {
            Interlocked.Increment(ref _deadLetterFailed);
            ResilienceLog.DeadLetterFailed(_log, deadLetterFailure, failed.DeliveryResult.Topic, error.ErrorName, _deadLetter!.Topic);
            throw new ProduceException<TKey, TValue>(
                failed.ErrorCode,
                failed.DeliveryResult,
                $"{failed.Message} Dead-lettering it to '{_deadLetter.Topic}' failed too: {deadLetterFailure.Message}",
                failed);
        }

        Interlocked.Increment(ref _deadLettered);
        ResilienceLog.DeadLettered(_log, failed.DeliveryResult.Topic, failed.DeliveryResult.Partition.Value, error.ErrorName, result.Topic, result.Partition.Value, result.Offset.Value);
        return result;
    }
}
