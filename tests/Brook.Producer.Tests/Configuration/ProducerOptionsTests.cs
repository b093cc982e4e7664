namespace Brook.Producer.Tests.Configuration;

public sealed class ProducerOptionsTests
{
    private static readonly ProducerOptions Base = new() { BootstrapServers = "localhost:9092" };

    private static ProducerOptions FromProps(params (string Key, string Value)[] props) =>
        ProducerOptions.FromProperties(props.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)), Base);

    [Fact]
    public void Defaults_MatchJavaProducer()
    {
        var o = Base.Validate();
        Assert.Equal(Acks.All, o.Acks);
        Assert.Equal(5, o.LingerMs);
        Assert.Equal(16384, o.BatchSize);
        Assert.Equal(33554432, o.BufferMemory);
        Assert.Equal(120000, o.DeliveryTimeoutMs);
        Assert.Equal(30000, o.RequestTimeoutMs);
        Assert.Equal(60000, o.MaxBlockMs);
        Assert.Equal(100, o.RetryBackoffMs);
        Assert.Equal(1000, o.RetryBackoffMaxMs);
        Assert.Equal(5, o.MaxInFlightRequestsPerConnection);
        Assert.Equal(int.MaxValue, o.Retries);
        Assert.Equal(1048576, o.MaxRequestSize);
        Assert.Equal(CompressionType.None, o.CompressionType);
        Assert.True(o.EnableIdempotence);
        Assert.True(o.PartitionerAdaptivePartitioningEnable);
        Assert.Equal(30000, o.MetricsSampleWindowMs);
        Assert.Equal(2, o.MetricsNumSamples);
    }

    [Fact]
    public void FromProperties_ParsesEveryKindOfKey()
    {
        var o = FromProps(
            ("bootstrap.servers", "a:1,b:2"),
            ("acks", "1"),
            ("linger.ms", "20"),
            ("buffer.memory", "1048576"),
            ("compression.type", "ZSTD"),
            ("enable.idempotence", "false"),
            ("partitioner.ignore.keys", "true"),
            ("client.dns.lookup", "resolve_canonical_bootstrap_servers_only"),
            ("transactional.id", ""));
        Assert.Equal("a:1,b:2", o.BootstrapServers);
        Assert.Equal(Acks.Leader, o.Acks);
        Assert.Equal(20, o.LingerMs);
        Assert.Equal(1048576, o.BufferMemory);
        Assert.Equal(CompressionType.Zstd, o.CompressionType);
        Assert.False(o.EnableIdempotence);
        Assert.True(o.PartitionerIgnoreKeys);
        Assert.Equal(ClientDnsLookup.ResolveCanonicalBootstrapServersOnly, o.ClientDnsLookup);
        Assert.Null(o.TransactionalId);
    }

    [Fact]
    public void FromProperties_AcceptsEveryDocumentedKey()
    {
        string[] documented =
        [
            "acks", "enable.idempotence", "linger.ms", "batch.size", "buffer.memory", "max.block.ms", "delivery.timeout.ms",
            "request.timeout.ms", "retries", "retry.backoff.ms", "retry.backoff.max.ms", "reconnect.backoff.ms",
            "reconnect.backoff.max.ms", "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms",
            "max.in.flight.requests.per.connection", "max.request.size", "compression.type", "compression.gzip.level",
            "compression.lz4.level", "compression.zstd.level", "metadata.max.age.ms", "metadata.max.idle.ms",
            "metadata.recovery.strategy", "metadata.recovery.rebootstrap.trigger.ms", "partitioner.adaptive.partitioning.enable",
            "partitioner.availability.timeout.ms", "partitioner.ignore.keys", "transaction.timeout.ms", "transactional.id",
            "connections.max.idle.ms", "send.buffer.bytes", "receive.buffer.bytes", "client.id", "client.dns.lookup",
            "metrics.sample.window.ms", "metrics.num.samples", "enable.metrics.push", "bootstrap.servers",
        ];
        Assert.Empty(documented.Except(ProducerOptions.KnownKeys));
    }

    [Fact]
    public void FromProperties_LibrdkafkaAliases_MapToJavaKeys()
    {
        var o = FromProps(("queue.buffering.max.ms", "7"), ("message.timeout.ms", "90000"), ("compression.codec", "lz4"));
        Assert.Equal(7, o.LingerMs);
        Assert.Equal(90000, o.DeliveryTimeoutMs);
        Assert.Equal(CompressionType.Lz4, o.CompressionType);
    }

    [Fact]
    public void FromProperties_UnknownKey_NamesNearestValidKey()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => FromProps(("linger.m", "5")));
        Assert.Equal("linger.m", ex.Key);
        Assert.Contains("'linger.ms'", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ProducerConfigurationException>(() => FromProps(("batch.sizes", "5")));
        Assert.Contains("'batch.size'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProperties_JavaClassKey_ExplainsTheBrookWay()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => FromProps(("value.serializer", "org.apache.kafka.common.serialization.StringSerializer")));
        Assert.Contains("ISerializer", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acks", "2", "all, -1, 0 or 1")]
    [InlineData("linger.ms", "soon", "an integer >= 0")]
    [InlineData("compression.type", "brotli", "none, gzip, snappy, lz4 or zstd")]
    [InlineData("enable.idempotence", "yes", "true or false")]
    public void FromProperties_InvalidValue_NamesKeyValueAndAllowed(string key, string value, string allowed)
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => FromProps((key, value)));
        Assert.Equal(key, ex.Key);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linger.ms", "-1")]
    [InlineData("max.in.flight.requests.per.connection", "0")]
    [InlineData("compression.gzip.level", "10")]
    [InlineData("compression.lz4.level", "0")]
    public void Validate_OutOfRange_Throws(string key, string value)
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => FromProps((key, value)).Validate());
        Assert.Equal(key, ex.Key);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GzipLevelMinusOne_IsAllowed()
    {
        Assert.Equal(-1, FromProps(("compression.gzip.level", "-1")).Validate().CompressionGzipLevel);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:0")]
    [InlineData("localhost:9092,:9093")]
    public void Validate_BadBootstrapServers_Throws(string servers)
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => (Base with { BootstrapServers = servers }).Validate());
        Assert.Equal("bootstrap.servers", ex.Key);
    }

    [Fact]
    public void Validate_Ipv6Bootstrap_IsAccepted()
    {
        Assert.Equal("[::1]:9092", (Base with { BootstrapServers = "[::1]:9092" }).Validate().BootstrapServers);
    }

    [Fact]
    public void Validate_ExplicitDeliveryTimeoutTooSmall_Throws()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(
            () => (Base with { DeliveryTimeoutMs = 30000, LingerMs = 5, RequestTimeoutMs = 30000 }).Validate());
        Assert.Equal("delivery.timeout.ms", ex.Key);
        Assert.Contains("30005", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultDeliveryTimeoutTooSmall_IsRaised()
    {
        var o = (Base with { LingerMs = 100000, RequestTimeoutMs = 60000 }).Validate();
        Assert.Equal(160000, o.DeliveryTimeoutMs);
    }

    [Fact]
    public void Validate_IdempotenceUnsetWithAcksOne_DisablesIdempotence()
    {
        Assert.False((Base with { Acks = Acks.Leader }).Validate().EnableIdempotence);
        Assert.False((Base with { MaxInFlightRequestsPerConnection = 6 }).Validate().EnableIdempotence);
        Assert.False((Base with { Retries = 0 }).Validate().EnableIdempotence);
    }

    [Fact]
    public void Validate_IdempotenceExplicitWithAcksOne_Throws()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => (Base with { EnableIdempotence = true, Acks = Acks.Leader }).Validate());
        Assert.Equal("acks", ex.Key);
        Assert.Contains("acks=all", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdempotenceExplicitWithSixInFlight_Throws()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(
            () => (Base with { EnableIdempotence = true, MaxInFlightRequestsPerConnection = 6 }).Validate());
        Assert.Equal("max.in.flight.requests.per.connection", ex.Key);
    }

    [Fact]
    public void Validate_TransactionalIdWithConflictingAcks_Throws()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => (Base with { TransactionalId = "tx", Acks = Acks.None }).Validate());
        Assert.Contains("transactional.id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TransactionalIdWithIdempotenceOff_Throws()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => (Base with { TransactionalId = "tx", EnableIdempotence = false }).Validate());
        Assert.Equal("enable.idempotence", ex.Key);
    }

    [Fact]
    public void Validate_MetricsPush_IsRejectedWithReason()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => FromProps(("enable.metrics.push", "true")).Validate());
        Assert.Equal("enable.metrics.push", ex.Key);
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains("KIP-714", ex.Message, StringComparison.Ordinal);
        Assert.False(FromProps(("enable.metrics.push", "false")).Validate().EnableMetricsPush); // Java configs that turn it off paste as is
    }

    [Fact]
    public void Validate_IsIdempotentOnItsOutput()
    {
        var once = Base.Validate();
        Assert.Equal(once, once.Validate());
    }
}
