using System.Globalization;

namespace Brook.Producer.Configuration;

/// <summary>The table of every Kafka key the producer accepts (producer-algorithms.md §11), plus librdkafka aliases.</summary>
internal static class ConfigKeys
{
    private static readonly Dictionary<string, ConfigKey> ByName = Build();

    /// <summary>librdkafka names with the same meaning as a Java key, so librdkafka configurations paste too.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["queue.buffering.max.ms"] = "linger.ms",
        ["message.timeout.ms"] = "delivery.timeout.ms",
        ["compression.codec"] = "compression.type",
        ["request.required.acks"] = "acks",
        ["message.send.max.retries"] = "retries",
        ["metadata.broker.list"] = "bootstrap.servers",
    };

    /// <summary>Java keys that configure classes; Brook takes objects instead, so the error says which.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClassKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["key.serializer"] = "pass an ISerializer<TKey> (see Serializers) when creating the producer",
        ["value.serializer"] = "pass an ISerializer<TValue> (see Serializers) when creating the producer",
        ["partitioner.class"] = "set ProducerOptions.Partitioner to an IPartitioner",
        ["interceptor.classes"] = "wrap the producer instead; interceptors are not supported",
        ["metric.reporters"] = "use ProducerOptions.MeterFactory with OpenTelemetry or dotnet-counters",
    };

    /// <summary>All keys, by name.</summary>
    public static IReadOnlyDictionary<string, ConfigKey> All => ByName;

    private static Dictionary<string, ConfigKey> Build()
    {
        ConfigKey[] keys =
        [
            Text("bootstrap.servers", "a comma-separated list of host:port", (o, v) => o with { BootstrapServers = v }),
            Text("client.id", "any string", (o, v) => o with { ClientId = v }),
            new("acks", "all, -1, 0 or 1", (o, v) => ParseAcks(v) is { } a ? o with { Acks = a } : null),
            Bool("enable.idempotence", (o, v) => o with { EnableIdempotence = v }),
            new("transactional.id", "a non-empty string, or empty for none", (o, v) => o with { TransactionalId = v.Length == 0 ? null : v }),
            Int("linger.ms", 0, int.MaxValue, o => o.LingerMs, (o, v) => o with { LingerMs = v }),
            Int("batch.size", 0, int.MaxValue, o => o.BatchSize, (o, v) => o with { BatchSize = v }),
            Long("buffer.memory", 0, long.MaxValue, o => o.BufferMemory, (o, v) => o with { BufferMemory = v }),
            Long("max.block.ms", 0, long.MaxValue, o => o.MaxBlockMs, (o, v) => o with { MaxBlockMs = v }),
            Int("delivery.timeout.ms", 0, int.MaxValue, o => o.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs, (o, v) => o with { DeliveryTimeoutMs = v }),
            Int("request.timeout.ms", 0, int.MaxValue, o => o.RequestTimeoutMs, (o, v) => o with { RequestTimeoutMs = v }),
            Int("retries", 0, int.MaxValue, o => o.Retries, (o, v) => o with { Retries = v }),
            Long("retry.backoff.ms", 0, long.MaxValue, o => o.RetryBackoffMs, (o, v) => o with { RetryBackoffMs = v }),
            Long("retry.backoff.max.ms", 0, long.MaxValue, o => o.RetryBackoffMaxMs, (o, v) => o with { RetryBackoffMaxMs = v }),
            Long("reconnect.backoff.ms", 0, long.MaxValue, o => o.ReconnectBackoffMs, (o, v) => o with { ReconnectBackoffMs = v }),
            Long("reconnect.backoff.max.ms", 0, long.MaxValue, o => o.ReconnectBackoffMaxMs, (o, v) => o with { ReconnectBackoffMaxMs = v }),
            Long("socket.connection.setup.timeout.ms", 0, long.MaxValue, o => o.SocketConnectionSetupTimeoutMs, (o, v) => o with { SocketConnectionSetupTimeoutMs = v }),
            Long("socket.connection.setup.timeout.max.ms", 0, long.MaxValue, o => o.SocketConnectionSetupTimeoutMaxMs, (o, v) => o with { SocketConnectionSetupTimeoutMaxMs = v }),
            Int("max.in.flight.requests.per.connection", 1, int.MaxValue, o => o.MaxInFlightRequestsPerConnection, (o, v) => o with { MaxInFlightRequestsPerConnection = v }),
            Int("max.request.size", 0, int.MaxValue, o => o.MaxRequestSize, (o, v) => o with { MaxRequestSize = v }),
            new("compression.type", "none, gzip, snappy, lz4 or zstd", (o, v) => ParseCompression(v) is { } c ? o with { CompressionType = c } : null),
            Int("compression.gzip.level", 1, 9, o => o.CompressionGzipLevel, (o, v) => o with { CompressionGzipLevel = v }, alsoAllowed: -1),
            Int("compression.lz4.level", 1, 17, o => o.CompressionLz4Level, (o, v) => o with { CompressionLz4Level = v }),
            Int("compression.zstd.level", -131072, 22, o => o.CompressionZstdLevel, (o, v) => o with { CompressionZstdLevel = v }),
            Long("metadata.max.age.ms", 0, long.MaxValue, o => o.MetadataMaxAgeMs, (o, v) => o with { MetadataMaxAgeMs = v }),
            Long("metadata.max.idle.ms", 5000, long.MaxValue, o => o.MetadataMaxIdleMs, (o, v) => o with { MetadataMaxIdleMs = v }),
            new("metadata.recovery.strategy", "none or rebootstrap", (o, v) => ParseRecovery(v) is { } r ? o with { MetadataRecoveryStrategy = r } : null),
            Long("metadata.recovery.rebootstrap.trigger.ms", 0, long.MaxValue, o => o.MetadataRecoveryRebootstrapTriggerMs, (o, v) => o with { MetadataRecoveryRebootstrapTriggerMs = v }),
            Bool("partitioner.adaptive.partitioning.enable", (o, v) => o with { PartitionerAdaptivePartitioningEnable = v }),
            Long("partitioner.availability.timeout.ms", 0, long.MaxValue, o => o.PartitionerAvailabilityTimeoutMs, (o, v) => o with { PartitionerAvailabilityTimeoutMs = v }),
            Bool("partitioner.ignore.keys", (o, v) => o with { PartitionerIgnoreKeys = v }),
            Int("transaction.timeout.ms", 1, int.MaxValue, o => o.TransactionTimeoutMs, (o, v) => o with { TransactionTimeoutMs = v }),
            Long("connections.max.idle.ms", -1, long.MaxValue, o => o.ConnectionsMaxIdleMs, (o, v) => o with { ConnectionsMaxIdleMs = v }),
            Int("send.buffer.bytes", 0, int.MaxValue, o => o.SendBufferBytes, (o, v) => o with { SendBufferBytes = v }, alsoAllowed: -1),
            Int("receive.buffer.bytes", 0, int.MaxValue, o => o.ReceiveBufferBytes, (o, v) => o with { ReceiveBufferBytes = v }, alsoAllowed: -1),
            new("client.dns.lookup", "use_all_dns_ips or resolve_canonical_bootstrap_servers_only", (o, v) => ParseDns(v) is { } d ? o with { ClientDnsLookup = d } : null),
            Long("metrics.sample.window.ms", 1, long.MaxValue, o => o.MetricsSampleWindowMs, (o, v) => o with { MetricsSampleWindowMs = v }),
            Int("metrics.num.samples", 1, int.MaxValue, o => o.MetricsNumSamples, (o, v) => o with { MetricsNumSamples = v }),
            Bool("enable.metrics.push", (o, v) => o with { EnableMetricsPush = v }),
            new("security.protocol", "PLAINTEXT (TLS and SASL are not supported yet)", (o, v) => string.Equals(v, "PLAINTEXT", StringComparison.OrdinalIgnoreCase) ? o : null),
        ];
        var map = new Dictionary<string, ConfigKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            map.Add(key.Name, key);
        }

        return map;
    }

    private static ConfigKey Text(string name, string allowed, Func<ProducerOptions, string, ProducerOptions> set) =>
        new(name, allowed, (o, v) => set(o, v.Trim()));

    private static ConfigKey Bool(string name, Func<ProducerOptions, bool, ProducerOptions> set) =>
        new(name, "true or false", (o, v) => bool.TryParse(v.Trim(), out var b) ? set(o, b) : null);

    private static ConfigKey Int(string name, int min, int max, Func<ProducerOptions, int> get, Func<ProducerOptions, int, ProducerOptions> set, int? alsoAllowed = null) =>
        new(name, Describe(min, max, alsoAllowed), (o, v) => int.TryParse(v.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? set(o, n) : null)
        {
            GetNumber = o => get(o),
            Min = min,
            Max = max,
            AlsoAllowed = alsoAllowed,
        };

    private static ConfigKey Long(string name, long min, long max, Func<ProducerOptions, long> get, Func<ProducerOptions, long, ProducerOptions> set) =>
        new(name, Describe(min, max, null), (o, v) => long.TryParse(v.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? set(o, n) : null)
        {
            GetNumber = get,
            Min = min,
            Max = max,
        };

    private static string Describe(long min, long max, long? alsoAllowed)
    {
        var range = max is int.MaxValue or long.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"an integer >= {min}")
            : string.Create(CultureInfo.InvariantCulture, $"an integer in [{min}, {max}]");
        return alsoAllowed is { } extra ? string.Create(CultureInfo.InvariantCulture, $"{range}, or {extra}") : range;
    }

    private static Acks? ParseAcks(string value) => value.Trim().ToLowerInvariant() switch
    {
        "all" or "-1" => Acks.All,
        "0" => Acks.None,
        "1" => Acks.Leader,
        _ => null,
    };

    private static CompressionType? ParseCompression(string value) => value.Trim().ToLowerInvariant() switch
    {
        "none" => CompressionType.None,
        "gzip" => CompressionType.Gzip,
        "snappy" => CompressionType.Snappy,
        "lz4" => CompressionType.Lz4,
        "zstd" => CompressionType.Zstd,
        _ => null,
    };

    private static MetadataRecoveryStrategy? ParseRecovery(string value) => value.Trim().ToLowerInvariant() switch
    {
        "none" => MetadataRecoveryStrategy.None,
        "rebootstrap" => MetadataRecoveryStrategy.Rebootstrap,
        _ => null,
    };

    private static ClientDnsLookup? ParseDns(string value) => value.Trim().ToLowerInvariant() switch
    {
        "use_all_dns_ips" => ClientDnsLookup.UseAllDnsIps,
        "resolve_canonical_bootstrap_servers_only" => ClientDnsLookup.ResolveCanonicalBootstrapServersOnly,
        _ => null,
    };
}
