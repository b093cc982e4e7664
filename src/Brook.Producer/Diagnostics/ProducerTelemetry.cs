using System.Diagnostics;
using System.Globalization;

namespace Brook.Producer.Diagnostics;

/// <summary>
/// The producer's one <see cref="ActivitySource"/> and its send spans (OpenTelemetry messaging semantic conventions:
/// span "send {topic}", kind Producer, <c>messaging.system=kafka</c>, <c>messaging.destination.name</c>,
/// <c>messaging.kafka.destination.partition</c>, <c>messaging.kafka.message.offset</c>, <c>error.type</c>). A span exists
/// only when a listener samples it; with none, <see cref="StartSend"/> is one <see cref="ActivitySource.HasListeners"/>
/// check and returns null (no allocation).
/// </summary>
internal static class ProducerTelemetry
{
    /// <summary>The operation name of a send span (its display name adds the topic: "send orders").</summary>
    public const string SendOperation = "send";

    /// <summary>The source, named <see cref="BrookDiagnostics.ActivitySourceName"/>.</summary>
    public static readonly ActivitySource Source = new(BrookDiagnostics.ActivitySourceName, typeof(ProducerTelemetry).Assembly.GetName().Version?.ToString(3));

    /// <summary>Starts a send span for one record, or returns null when nobody listens or the sampler drops it.</summary>
    /// <remarks>The span does not become <see cref="Activity.Current"/> for the caller: the send returns before it ends.</remarks>
    public static Activity? StartSend(TopicPartition topicPartition, string clientId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        return Start(topicPartition, clientId);
    }

    /// <summary>Ends a span with the record's partition and offset, or with <paramref name="error"/>.</summary>
    public static void Stop(Activity activity, int partition, long offset, Exception? error)
    {
        if (activity.IsAllDataRequested)
        {
            if (partition >= 0)
            {
                activity.SetTag("messaging.kafka.destination.partition", partition);
                activity.SetTag("messaging.destination.partition.id", partition.ToString(CultureInfo.InvariantCulture));
            }

            if (offset >= 0)
            {
                activity.SetTag("messaging.kafka.message.offset", offset);
            }

            if (error is not null)
            {
                activity.SetTag("error.type", ErrorType(error));
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }

        activity.Stop();
    }

    /// <summary>The <c>error.type</c> value: the Kafka error name (e.g. MESSAGE_TOO_LARGE) or the exception's type name.</summary>
    public static string ErrorType(Exception error) => error is KafkaException { ErrorCode: not Brook.Protocol.Errors.ErrorCode.None } kafka
        ? kafka.ErrorName
        : error.GetType().FullName ?? "_OTHER";

    private static Activity? Start(TopicPartition topicPartition, string clientId)
    {
        var previous = Activity.Current;
        var activity = Source.StartActivity(SendOperation, ActivityKind.Producer);
        if (activity is null)
        {
            return null; // not sampled: nothing allocated
        }

        // ProduceAsync returns while the span is open: keep the caller's ambient activity as it was.
        Activity.Current = previous;
        if (activity.IsAllDataRequested)
        {
            activity.DisplayName = SendOperation + " " + topicPartition.Topic;
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topicPartition.Topic);
            if (!string.IsNullOrEmpty(clientId))
            {
                activity.SetTag("messaging.client.id", clientId);
            }
        }

        return activity;
    }
}
