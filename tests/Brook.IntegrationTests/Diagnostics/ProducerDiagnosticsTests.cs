using System.Diagnostics;
using System.Text;
using Brook.Cluster;
using Brook.Producer;
using Brook.Producer.Reading;
using Microsoft.Extensions.Logging;
using Brook.Producer.Tests.Diagnostics;

namespace Brook.IntegrationTests.Diagnostics;

/// <summary>
/// Logs and send spans of a real producer against a one-broker Brook.Cluster. The activity listener samples only this
/// test's own trace, so producers of tests running in parallel get no spans.
/// </summary>
public sealed class ProducerDiagnosticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Lifecycle_LogsCreatedConnectedNegotiatedProducerIdAndClose()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic("diag-logs", 1, 1);
        var logs = new CapturingLoggerFactory();
        var producer = new ProducerBuilder<Null, string>(new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ClientId = "diag",
            LoggerFactory = logs,
        }).Build();

        await producer.ProduceAsync("diag-logs", new Message<Null, string> { Value = "x" }, Ct);
        await producer.DisposeAsync();

        Assert.Contains("Producer 'diag' created", Assert.Single(logs.WithEvent(6004)).Message, StringComparison.Ordinal);
        Assert.NotEmpty(logs.WithEvent(1001));
        Assert.All(logs.WithEvent(1001), e => Assert.Equal("Brook.Producer.Network", e.Category));
        Assert.Contains(logs.WithEvent(1002), e => e.Message.Contains("Produce v", StringComparison.Ordinal));
        var id = Assert.Single(logs.WithEvent(4001));
        Assert.Equal(LogLevel.Information, id.Level);
        Assert.Contains("epoch 0", id.Message, StringComparison.Ordinal);
        Assert.Single(logs.WithEvent(6002));
        Assert.Single(logs.WithEvent(6003));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceAsync_Sampled_SpanCarriesOffsetAndTraceParentReachesTheRecord()
    {
        using var testSource = new ActivitySource("Brook.IntegrationTests.Diagnostics." + Guid.NewGuid().ToString("N"));
        var ownTrace = default(ActivityTraceId);
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BrookDiagnostics.ActivitySourceName || s == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Source == testSource || (ownTrace != default && o.Parent.TraceId == ownTrace) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = a =>
            {
                if (a.Source.Name == BrookDiagnostics.ActivitySourceName && a.TraceId == ownTrace)
                {
                    lock (stopped)
                    {
                        stopped.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic("diag-traces", 2, 1);
        await using var producer = new ProducerBuilder<string, string>(new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableTraceContextPropagation = true,
        }).Build();

        DeliveryResult<string, string> first;
        using (var root = testSource.StartActivity("request")!)
        {
            ownTrace = root.TraceId;
            first = await producer.ProduceAsync("diag-traces", new Message<string, string> { Key = "a", Value = "1" }, Ct);
            await producer.ProduceAsync("diag-traces", new Message<string, string> { Key = "a", Value = "2" }, Ct);
            Assert.Same(root, Activity.Current);
        }

        // A send outside the test's trace: not sampled, so no span and no traceparent header.
        await producer.ProduceAsync("diag-traces", new Message<string, string> { Key = "a", Value = "3" }, Ct);

        Assert.Equal(2, stopped.Count);
        var span = stopped[0];
        Assert.Equal("send diag-traces", span.DisplayName);
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal("kafka", span.GetTagItem("messaging.system"));
        Assert.Equal("diag-traces", span.GetTagItem("messaging.destination.name"));
        Assert.Equal(first.Partition.Value, span.GetTagItem("messaging.kafka.destination.partition"));
        Assert.Equal(first.Offset.Value, span.GetTagItem("messaging.kafka.message.offset"));

        await using var reader = new TopicReader(new TopicReaderOptions { BootstrapServers = cluster.BootstrapServers, Topic = "diag-traces", StopAtEnd = true, FetchMaxWaitMs = 50 });
        var read = new List<ReadRecord>();
        await foreach (var record in reader.ReadAsync(Ct))
        {
            read.Add(record);
        }

        Assert.Equal(3, read.Count);
        var byValue = read.ToDictionary(r => Encoding.UTF8.GetString(r.Value!));
        string? TraceParent(string value) => byValue[value].Headers.Where(h => h.Key == "traceparent").Select(h => Encoding.ASCII.GetString(h.Value!)).SingleOrDefault();
        Assert.Equal($"00-{ownTrace.ToHexString()}-{span.SpanId.ToHexString()}-01", TraceParent("1"));
        Assert.Equal(stopped[1].Id, TraceParent("2"));
        Assert.Null(TraceParent("3"));
    }
}
