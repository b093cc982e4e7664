using System.Diagnostics.Metrics;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// The producer's meter after real sends: every Java metric name issue 4 lists is an instrument, the values are sane
/// (totals exact, averages and rates finite), record-size-avg/max are per record, and <c>GetMetrics()</c> carries the
/// same names.
/// </summary>
public sealed partial class KafkaProducerTests
{
    private static readonly string[] JavaMetricNames =
    [
        "record-send-rate", "record-send-total", "byte-rate", "record-size-avg", "record-size-max", "batch-size-avg",
        "batch-size-max", "records-per-request-avg", "compression-rate-avg", "request-latency-avg", "request-latency-max",
        "record-queue-time-avg", "record-queue-time-max", "record-retry-rate", "record-error-rate", "requests-in-flight",
        "buffer-total-bytes", "buffer-available-bytes", "bufferpool-wait-time-ns-total", "bufferpool-wait-ratio",
        "buffer-exhausted-total", "buffer-exhausted-rate", "metadata-age",
    ];

    [Fact(Timeout = 60_000)]
    public async Task Meter_AfterNRecords_PublishesEveryJavaNameWithSaneValues()
    {
        const int N = 40;
        using var meters = new TestMeterFactory();
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, Options(meters));
        var values = new Dictionary<string, double>();
        var totals = new Dictionary<string, long>();
        using var listener = Listen(meters, values, totals);

        // 39 values of 100 B and one of 1,000 B, one after the other to one partition: several batches and requests.
        for (var i = 0; i < N; i++)
        {
            var value = new string('v', i == 7 ? 1000 : 100);
            await producer.ProduceAsync(new TopicPartition(AsyncTopic, 1), new Message<string, string> { Key = $"{i}", Value = value }, Ct).AsTask().WaitAsync(Bound, Ct);
        }

        listener.RecordObservableInstruments();
        var snapshot = producer.GetMetrics().ToDictionary();

        foreach (var name in JavaMetricNames)
        {
            Assert.True(values.ContainsKey(name) || totals.ContainsKey(name), $"no instrument named {name}");
            Assert.True(snapshot.ContainsKey(name), $"GetMetrics() has no {name}");
        }

        Assert.Equal(N, totals["record-send-total"]);
        Assert.Equal(N, snapshot["record-send-total"]);
        foreach (var name in new[] { "request-latency-avg", "request-latency-max", "record-queue-time-avg", "record-queue-time-max", "batch-size-max" })
        {
            Assert.True(double.IsFinite(values[name]) && values[name] >= 0, $"{name} = {values[name]}"); // NaN = no sample
        }

        foreach (var name in new[] { "record-send-rate", "byte-rate", "record-size-avg", "batch-size-avg", "records-per-request-avg", "compression-rate-avg" })
        {
            Assert.True(double.IsFinite(values[name]) && values[name] > 0, $"{name} = {values[name]}");
        }

        // Encoded record: the value plus a few bytes of framing, key and varints. The old feed (each batch's average)
        // could never show the 1,000 B record, nor an average near 100 B.
        Assert.InRange(values["record-size-max"], 1000, 1020);
        Assert.InRange(values["record-size-avg"], 100, 140);
        Assert.Equal((0.0, 0.0, 0.0), (values["record-error-rate"], values["record-retry-rate"], values["requests-in-flight"]));
        Assert.Equal(Options(meters).BufferMemory, values["buffer-total-bytes"]);
        Assert.InRange(values["buffer-available-bytes"], 0, values["buffer-total-bytes"]);
        Assert.Equal(0, totals.GetValueOrDefault("buffer-exhausted-total"));
        Assert.True(values["metadata-age"] >= 0, $"metadata-age = {values["metadata-age"]}");
    }

    private static ProducerOptions Options(IMeterFactory meters) => new()
    {
        BootstrapServers = "127.0.0.1:1",
        Acks = Acks.Leader,
        EnableIdempotence = false,
        LingerMs = 0,
        TimeProvider = new CountingTimeProvider(),
        MeterFactory = meters,
    };

    private static MeterListener Listen(TestMeterFactory meters, Dictionary<string, double> values, Dictionary<string, long> totals)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (meters.Meters.Contains(instrument.Meter))
                {
                    if (!instrument.IsObservable)
                    {
                        totals.TryAdd(instrument.Name, 0); // a counter never added to still exists
                    }

                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (values)
            {
                values[instrument.Name] = value;
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (values)
            {
                if (instrument.IsObservable)
                {
                    values[instrument.Name] = value;
                }
                else
                {
                    totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (values)
            {
                values[instrument.Name] = value;
            }
        });
        listener.Start();
        return listener;
    }
}
