using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.TestSupport.Interop;

/// <summary>
/// Confluent.Kafka (librdkafka) producers and consumers configured for tests: loopback only, bounded timeouts,
/// fast reconnects, telemetry push off (testing-with-peers.md, limit 7), and helpers that drive them through a
/// <see cref="RecordLedger"/>.
/// </summary>
public static class ConfluentPeers
{
    /// <summary>Upper bound on any single wait in these helpers unless the caller passes one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A producer config for tests: <c>linger.ms</c> 5, 30 s message timeout, reconnect backoff 100-1000 ms.</summary>
    public static ProducerConfig ProducerConfig(string bootstrapServers, Acks acks, CompressionType compression = CompressionType.None)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "brook-interop-producer",
            Acks = acks,
            CompressionType = compression,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
            RequestTimeoutMs = 10_000,
            SocketTimeoutMs = 10_000,
            RetryBackoffMs = 50,
            RetryBackoffMaxMs = 500,
            ReconnectBackoffMs = 100,
            ReconnectBackoffMaxMs = 1_000,
            BrokerAddressFamily = BrokerAddressFamily.V4,
            EnableIdempotence = false,
        };
        ApplyCommon(config);
        return config;
    }

    /// <summary>A consumer config for verification: its own group id, no commits, from the beginning, EOF events on.</summary>
    public static ConsumerConfig ConsumerConfig(string bootstrapServers)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "brook-interop-consumer",
            // Confluent.Kafka insists on a group id even for Assign(); never committed to.
            GroupId = "brook-verify-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 50,
            SocketTimeoutMs = 10_000,
            ReconnectBackoffMs = 100,
            ReconnectBackoffMaxMs = 1_000,
            BrokerAddressFamily = BrokerAddressFamily.V4,
            IsolationLevel = IsolationLevel.ReadUncommitted,
        };
        ApplyCommon(config);
        return config;
    }

    /// <summary>Builds a byte-array producer; librdkafka log lines and errors go to <paramref name="log"/> when given.</summary>
    public static IProducer<byte[], byte[]> BuildProducer(ProducerConfig config, Action<string>? log = null)
    {
        var builder = new ProducerBuilder<byte[], byte[]>(config);
        if (log is not null)
        {
            builder.SetLogHandler((_, m) => log($"[producer {m.Level} {m.Facility}] {m.Message}"));
            builder.SetErrorHandler((_, e) => log($"[producer error] {e.Code}: {e.Reason}"));
        }

        return builder.Build();
    }

    /// <summary>Builds a byte-array consumer; librdkafka log lines and errors go to <paramref name="log"/> when given.</summary>
    public static IConsumer<byte[], byte[]> BuildConsumer(ConsumerConfig config, Action<string>? log = null)
    {
        var builder = new ConsumerBuilder<byte[], byte[]>(config);
        if (log is not null)
        {
            builder.SetLogHandler((_, m) => log($"[consumer {m.Level} {m.Facility}] {m.Message}"));
            builder.SetErrorHandler((_, e) => log($"[consumer error] {e.Code}: {e.Reason}"));
        }

        return builder.Build();
    }

    /// <summary>Converts a ledger record to a Confluent message.</summary>
    public static Message<byte[], byte[]> ToMessage(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var headers = new Headers();
        foreach (var header in record.Headers)
        {
            headers.Add(header.Key, header.Value);
        }

        return new Message<byte[], byte[]> { Key = record.Key!, Value = record.Value, Headers = headers };
    }

    /// <summary>Converts what a Confluent consumer read to the ledger's neutral form.</summary>
    public static ObservedRecord ToObserved(ConsumeResult<byte[], byte[]> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var headers = new List<KeyValuePair<string, byte[]>>();
        if (result.Message.Headers is { } messageHeaders)
        {
            foreach (var header in messageHeaders)
            {
                headers.Add(new KeyValuePair<string, byte[]>(header.Key, header.GetValueBytes()));
            }
        }

        return new ObservedRecord(result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value, headers);
    }

    /// <summary>
    /// Produces <paramref name="count"/> ledger records of <paramref name="stream"/> to <paramref name="topic"/>
    /// (partition chosen by the producer unless <paramref name="partition"/> is given), then flushes. Delivery
    /// failures are marked may-be-missing in the ledger and returned.
    /// </summary>
    /// <exception cref="TimeoutException">Records were still undelivered after <paramref name="timeout"/>.</exception>
    public static IReadOnlyList<DeliveryReport<byte[], byte[]>> ProduceAndFlush(
        IProducer<byte[], byte[]> producer,
        string topic,
        RecordLedger ledger,
        string stream,
        int count,
        TimeSpan? timeout = null,
        int? partition = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(ledger);
        var failures = new List<DeliveryReport<byte[], byte[]>>();
        for (var i = 0; i < count; i++)
        {
            var record = ledger.Next(stream);
            void OnDelivery(DeliveryReport<byte[], byte[]> report)
            {
                if (report.Error.IsError)
                {
                    ledger.MarkMayBeMissing(record);
                    lock (failures)
                    {
                        failures.Add(report);
                    }
                }
            }

            var message = ToMessage(record);
            if (partition is { } p)
            {
                producer.Produce(new TopicPartition(topic, p), message, OnDelivery);
            }
            else
            {
                producer.Produce(topic, message, OnDelivery);
            }
        }

        Flush(producer, timeout ?? DefaultTimeout);
        lock (failures)
        {
            return [.. failures];
        }
    }

    /// <summary>Flushes, throwing when records are still in flight after <paramref name="timeout"/>.</summary>
    public static void Flush(IProducer<byte[], byte[]> producer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var remaining = producer.Flush(timeout);
        if (remaining > 0)
        {
            throw new TimeoutException($"{remaining} records still undelivered after flushing for {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// Reads every partition of <paramref name="topic"/> from the beginning into <paramref name="ledger"/> until each
    /// partition is at its end and at least <paramref name="expected"/> records were read, or until
    /// <paramref name="timeout"/>. Returns the number read; the ledger's report says what is missing.
    /// <paramref name="onRecord"/> sees each record read (after the ledger), e.g. to check timestamps.
    /// </summary>
    public static int ConsumeAll(
        string bootstrapServers,
        string topic,
        int partitions,
        RecordLedger ledger,
        long expected,
        TimeSpan? timeout = null,
        Action<string>? log = null,
        Action<ConsumeResult<byte[], byte[]>>? onRecord = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        using var consumer = BuildConsumer(ConsumerConfig(bootstrapServers), log);
        var assignment = new List<TopicPartitionOffset>(partitions);
        for (var p = 0; p < partitions; p++)
        {
            assignment.Add(new TopicPartitionOffset(topic, p, Offset.Beginning));
        }

        consumer.Assign(assignment);
        var atEnd = new bool[partitions];
        var read = 0;
        var budget = timeout ?? DefaultTimeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < budget)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    atEnd[result.Partition.Value] = true;
                    if (read >= expected && Array.TrueForAll(atEnd, static e => e))
                    {
                        break;
                    }

                    continue;
                }

                atEnd[result.Partition.Value] = false;
                ledger.Observe(ToObserved(result));
                onRecord?.Invoke(result);
                read++;
            }
        }
        finally
        {
            consumer.Close();
        }

        return read;
    }

    private static void ApplyCommon(ClientConfig config)
    {
        // KIP-714 push against the mock can spin a broker thread at 100% CPU (peers.md): never on in tests.
        config.Set("enable.metrics.push", "false");
        config.Set("topic.metadata.refresh.interval.ms", "5000");
    }
}
