using System.Globalization;
using Brook.Protocol.Errors;

namespace Brook.Producer.Metadata;

internal sealed partial class MetadataManager
{
    /// <summary>
    /// Returns <paramref name="topic"/>'s metadata, waiting asynchronously for refreshes while it is unknown, up to
    /// <paramref name="maxBlockMs"/> (max.block.ms). Completes synchronously when the current view has the topic.
    /// Throws <see cref="KafkaTimeoutException"/> when the topic is still unknown at the deadline, and a non-retriable
    /// <see cref="KafkaException"/> for topic errors no refresh can fix (authorization, invalid name) or after
    /// <see cref="Close"/>. Each wait asks for a refresh (waking the sender through <see cref="UpdateWanted"/>) and then
    /// waits for published views, never polling.
    /// </summary>
    public ValueTask<TopicMetadata> WaitForTopicAsync(string topic, long maxBlockMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Touch(topic);
        if (Current.TryGetTopic(topic, out var known) && known.IsUsable)
        {
            return new ValueTask<TopicMetadata>(known);
        }

        return new ValueTask<TopicMetadata>(WaitSlowAsync(topic, maxBlockMs, cancellationToken));
    }

    private async Task<TopicMetadata> WaitSlowAsync(string topic, long maxBlockMs, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        while (true)
        {
            Task updated;
            bool closed;
            lock (_lock)
            {
                updated = _updated.Task;
                closed = _closed;
            }

            var view = Current;
            if (view.TryGetTopic(topic, out var metadata))
            {
                if (metadata.IsUsable)
                {
                    return metadata;
                }

                if (metadata.Error is ErrorCode.TopicAuthorizationFailed or ErrorCode.InvalidTopicException)
                {
                    throw new KafkaException(metadata.Error, $"{ErrorCodes.Name(metadata.Error)}: topic '{topic}' cannot be produced to: {ErrorCodes.Get(metadata.Error).Description}");
                }
            }

            if (closed)
            {
                throw new KafkaException($"The producer was closed while waiting for metadata of topic '{topic}'; the record was not sent.");
            }

            var remaining = TimeSpan.FromMilliseconds(maxBlockMs) - _time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                throw Timeout(topic, maxBlockMs, metadata);
            }

            RequestUpdate();
            try
            {
                await updated.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // loop once more: the deadline check above throws with the reason
            }
        }
    }

    private KafkaTimeoutException Timeout(string topic, long maxBlockMs, TopicMetadata? metadata)
    {
        var why = metadata is null
            ? (LastError is { } error ? "no metadata response arrived (last error: " + error.Message + ")" : "no metadata response named it")
            : metadata.Error != ErrorCode.None
                ? "the broker answered " + ErrorCodes.Name(metadata.Error)
                : "it has no partitions";
        return new KafkaTimeoutException(string.Create(
            CultureInfo.InvariantCulture,
            $"Topic '{topic}' not present in metadata after max.block.ms={maxBlockMs} ms: {why}. Create the topic, enable auto.create.topics.enable on the broker, or check bootstrap.servers."));
    }
}
