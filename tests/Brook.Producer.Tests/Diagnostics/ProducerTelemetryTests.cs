using System.Diagnostics;
using Brook.Producer.Diagnostics;
using Brook.Protocol.Errors;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>
/// Send spans. The listener samples only activities under this test's own root activity (other tests run in
/// parallel in the same process and must not get spans).
/// </summary>
public sealed class ProducerTelemetryTests : IDisposable
{
    private readonly ActivitySource _testSource = new("Brook.Producer.Tests.Telemetry." + Guid.NewGuid().ToString("N"));
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;
    private ActivityTraceId _ownTrace;

    public ProducerTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BrookDiagnostics.ActivitySourceName || s == _testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Source == _testSource || (_ownTrace != default && o.Parent.TraceId == _ownTrace) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = a =>
            {
                if (_ownTrace != default && a.TraceId == _ownTrace && a.Source.Name == BrookDiagnostics.ActivitySourceName)
                {
                    lock (_stopped)
                    {
                        _stopped.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _testSource.Dispose();
    }

    private Activity StartRoot()
    {
        var root = _testSource.StartActivity("test-root")!;
        _ownTrace = root.TraceId;
        return root;
    }

    [Fact]
    public void StartSend_NotSampled_ReturnsNull()
    {
        // A listener exists (ours), but without our root the sampler says None.
        Assert.Null(ProducerTelemetry.StartSend(new TopicPartition("t", Partition.Any), "c"));
    }

    [Fact]
    public void StartSend_Sampled_HasMessagingTagsAndLeavesCurrentUnchanged()
    {
        using var root = StartRoot();
        var span = ProducerTelemetry.StartSend(new TopicPartition("orders", Partition.Any), "client-1");

        Assert.NotNull(span);
        Assert.Same(root, Activity.Current);
        Assert.Equal(root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal("send", span.OperationName);
        Assert.Equal("send orders", span.DisplayName);
        Assert.Equal("kafka", span.GetTagItem("messaging.system"));
        Assert.Equal("orders", span.GetTagItem("messaging.destination.name"));
        Assert.Equal("send", span.GetTagItem("messaging.operation.type"));
        Assert.Equal("client-1", span.GetTagItem("messaging.client.id"));
    }

    [Fact]
    public void Stop_Success_SetsPartitionAndOffset()
    {
        using var root = StartRoot();
        var span = ProducerTelemetry.StartSend(new TopicPartition("orders", Partition.Any), "c")!;

        ProducerTelemetry.Stop(span, partition: 3, offset: 42, error: null);

        Assert.Same(span, Assert.Single(_stopped));
        Assert.Equal(3, span.GetTagItem("messaging.kafka.destination.partition"));
        Assert.Equal("3", span.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(42L, span.GetTagItem("messaging.kafka.message.offset"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
    }

    [Fact]
    public void Stop_Failure_SetsErrorTypeToKafkaNameAndErrorStatus()
    {
        using var root = StartRoot();
        var span = ProducerTelemetry.StartSend(new TopicPartition("orders", Partition.Any), "c")!;

        ProducerTelemetry.Stop(span, partition: 0, offset: -1, error: new KafkaException(ErrorCode.MessageTooLarge, "too big"));

        Assert.Equal("MESSAGE_TOO_LARGE", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("too big", span.StatusDescription);
        Assert.Null(span.GetTagItem("messaging.kafka.message.offset"));
    }

    [Fact]
    public void ErrorType_NonKafkaException_IsTheTypeName()
    {
        Assert.Equal("System.InvalidOperationException", ProducerTelemetry.ErrorType(new InvalidOperationException("x")));
    }
}
