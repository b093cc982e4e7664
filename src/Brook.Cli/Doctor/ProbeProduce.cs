using System.Globalization;
using Brook.Cli.Engines;
using Brook.Producer;
using Brook.Protocol.Errors;

namespace Brook.Cli.Doctor;

/// <summary>
/// The doctor's probe produce: a few thousand records of a fixed size through a real producer, as fast as it takes
/// them, then the producer's live metrics. One record goes first and is flushed on its own, so a missing topic or a
/// dead leader costs one max.block.ms/delivery.timeout.ms wait, not thousands. Buffer use is sampled while sending and
/// the peak is reported (after the flush the buffer is always free again, which would hide the memory rule).
/// </summary>
internal static class ProbeProduce
{
    /// <summary>Records the probe sends.</summary>
    public const int DefaultRecords = 2000;

    /// <summary>Value size of each probe record, bytes (kafka-producer-perf-test's default).</summary>
    public const int DefaultRecordSize = 100;

    /// <summary>Metrics are sampled for the buffer peak every this many records.</summary>
    private const int SampleEvery = 100;

    /// <summary>Sends <paramref name="records"/> values of <paramref name="recordSize"/> bytes and flushes.</summary>
    public static async ValueTask<ProbeProduceResult> RunAsync(
        IPerfProducer producer, string topic, int records, int recordSize, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(records, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordSize, 1);
        var value = new byte[recordSize];
        Array.Fill(value, (byte)'d');
        var outcome = new Outcome();
        var started = time.GetTimestamp();
        var lowestAvailable = long.MaxValue;

        await producer.SendAsync(topic, null, value, time.GetTimestamp(), outcome, cancellationToken).ConfigureAwait(false);
        await producer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var sent = 1;
        if (outcome.Failed == 0)
        {
            for (; sent < records; sent++)
            {
                await producer.SendAsync(topic, null, value, time.GetTimestamp(), outcome, cancellationToken).ConfigureAwait(false);
                if (sent % SampleEvery == 0)
                {
                    lowestAvailable = Math.Min(lowestAvailable, producer.GetMetrics().BufferAvailableBytes);
                }
            }

            await producer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
        var metrics = producer.GetMetrics();
        if (lowestAvailable != long.MaxValue && lowestAvailable < metrics.BufferAvailableBytes)
        {
            metrics = metrics with { BufferAvailableBytes = lowestAvailable };
        }

        return new ProbeProduceResult(sent, outcome.Acknowledged, outcome.Failed, outcome.Timeouts, outcome.FirstError, elapsedMs, metrics);
    }

    /// <summary>The one-line step the doctor prints for a probe produce.</summary>
    public static string Describe(ProbeProduceResult result, string topic, int recordSize)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var peak = m.BufferTotalBytes > 0 ? 1.0 - ((double)m.BufferAvailableBytes / m.BufferTotalBytes) : 0;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"produce  {result.Sent} record(s) of {recordSize} B to {topic}: {result.Acknowledged} acknowledged, {result.Failed} failed in {result.ElapsedMs:F0} ms; records-per-request-avg {m.RecordsPerRequestAvg:F1}, request-latency-avg {m.RequestLatencyAvg:F1} ms, peak buffer use {peak:P0}");
        return result.FirstError is { } error ? $"{text}; first error: {error}" : text;
    }

    /// <summary>True for errors that mean a deadline passed (request.timeout.ms, delivery.timeout.ms, max.block.ms).</summary>
    public static bool IsTimeout(Exception error) => error is KafkaException { ErrorCode: ErrorCode.RequestTimedOut };

    private sealed class Outcome : IDeliveryHandler
    {
        private int _acknowledged;
        private int _failed;
        private int _timeouts;
        private string? _firstError;

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public int Failed => Volatile.Read(ref _failed);

        public int Timeouts => Volatile.Read(ref _timeouts);

        public string? FirstError => Volatile.Read(ref _firstError);

        public void OnDelivery(long sendTimestamp, int bytes, Exception? error)
        {
            if (error is null)
            {
                Interlocked.Increment(ref _acknowledged);
                return;
            }

            Interlocked.Increment(ref _failed);
            if (IsTimeout(error))
            {
                Interlocked.Increment(ref _timeouts);
            }

            Interlocked.CompareExchange(ref _firstError, OneLine(error.Message), null);
        }

        private static string OneLine(string message) => message.ReplaceLineEndings(" ");
    }
}
