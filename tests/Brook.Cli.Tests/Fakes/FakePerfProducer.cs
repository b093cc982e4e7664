using System.Text;
using Brook.Cli.Engines;
using Brook.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Fakes;

/// <summary>Acknowledges each record after a fixed fake-clock latency; fails every Nth if asked; keeps copies of what it was sent.</summary>
internal sealed class FakePerfProducer(FakeTimeProvider time, int latencyMs = 2, int failEvery = 0) : IPerfProducer
{
    private long _count;

    public List<(string? Key, string Value)> Sent { get; } = [];

    public bool Disposed { get; private set; }

    public ValueTask SendAsync(string topic, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte> value, long sendTimestamp, IDeliveryHandler handler, CancellationToken cancellationToken = default)
    {
        Sent.Add((key is { } k ? Encoding.ASCII.GetString(k.Span) : null, Encoding.ASCII.GetString(value.Span)));
        _count++;
        time.Advance(TimeSpan.FromMilliseconds(latencyMs));
        var error = failEvery > 0 && _count % failEvery == 0 ? new InvalidOperationException("NOT_ENOUGH_REPLICAS") : null;
        handler.OnDelivery(sendTimestamp, value.Length, error);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ProducerMetricsSnapshot GetMetrics() => new() { RecordSendRate = 1234.5, RecordsPerRequestAvg = 42, CompressionRateAvg = double.NaN };

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
