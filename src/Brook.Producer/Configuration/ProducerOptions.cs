using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Producer;

/// <summary>
/// Producer configuration: immutable, with the Java client's defaults (Kafka 4.x). Each property names its Kafka
/// key; <see cref="FromProperties"/> builds the options from those keys so a Java or librdkafka configuration can be
/// pasted. The producer calls <see cref="Validate"/> once at construction.
/// </summary>
public sealed partial record ProducerOptions
{
    /// <summary>Kafka key <c>bootstrap.servers</c>: comma-separated <c>host:port</c> list used to find the cluster. Required.</summary>
    public string BootstrapServers { get; init; } = string.Empty;

    /// <summary>Kafka key <c>client.id</c>: sent with every request for broker logs and quotas. Default empty.</summary>
    public string ClientId { get; init; } = string.Empty;

    /// <summary>Kafka key <c>acks</c>: replicas that must acknowledge a write. Default <see cref="Acks.All"/> (KIP-679).</summary>
    public Acks Acks { get; init; } = Acks.All;

    /// <summary>
    /// Kafka key <c>enable.idempotence</c>: exactly-once per partition via producer id and sequences. Null (unset)
    /// means "on unless acks, retries or max.in.flight conflict", as Java; true with a conflict is a configuration error.
    /// After <see cref="Validate"/> it holds the effective value.
    /// </summary>
    public bool? EnableIdempotence { get; init; }

    /// <summary>Kafka key <c>transactional.id</c>: enables transactions (and implies idempotence). Default null.</summary>
    public string? TransactionalId { get; init; }

    /// <summary>Kafka key <c>linger.ms</c>: how long a batch waits for more records before it is sendable. Default 5 (KIP-1030).</summary>
    public int LingerMs { get; init; } = 5;

    /// <summary>Kafka key <c>batch.size</c>: target bytes per partition batch, and the buffer pool's pooled buffer size. Default 16384.</summary>
    public int BatchSize { get; init; } = 16384;

    /// <summary>Kafka key <c>buffer.memory</c>: total bytes for records waiting to be sent or acknowledged. Default 33554432 (32 MiB).</summary>
    public long BufferMemory { get; init; } = 33554432;

    /// <summary>Kafka key <c>max.block.ms</c>: how long a send may wait for metadata plus buffer space. Default 60000.</summary>
    public long MaxBlockMs { get; init; } = 60000;

    /// <summary>
    /// Kafka key <c>delivery.timeout.ms</c>: upper bound from batch creation to success or failure, retries included.
    /// Default 120000; null means the default, which is raised to <c>linger.ms + request.timeout.ms</c> if smaller.
    /// An explicit value below that sum is a configuration error. After <see cref="Validate"/> it holds the effective value.
    /// </summary>
    public int? DeliveryTimeoutMs { get; init; }

    /// <summary>Kafka key <c>request.timeout.ms</c>: how long to wait for a response before retrying; also the Produce TimeoutMs. Default 30000.</summary>
    public int RequestTimeoutMs { get; init; } = 30000;

    /// <summary>Kafka key <c>retries</c>: retry limit for retriable errors (delivery.timeout.ms usually binds first). Default 2147483647.</summary>
    public int Retries { get; init; } = int.MaxValue;

    /// <summary>Kafka key <c>retry.backoff.ms</c>: first backoff between retries (KIP-580, ±20% jitter). Default 100.</summary>
    public long RetryBackoffMs { get; init; } = 100;

    /// <summary>Kafka key <c>retry.backoff.max.ms</c>: largest retry backoff. Default 1000.</summary>
    public long RetryBackoffMaxMs { get; init; } = 1000;

    /// <summary>Kafka key <c>reconnect.backoff.ms</c>: first wait before reconnecting to a broker. Default 50.</summary>
    public long ReconnectBackoffMs { get; init; } = 50;

    /// <summary>Kafka key <c>reconnect.backoff.max.ms</c>: largest reconnect wait. Default 1000.</summary>
    public long ReconnectBackoffMaxMs { get; init; } = 1000;

    /// <summary>Kafka key <c>socket.connection.setup.timeout.ms</c>: first connection-setup timeout. Default 10000.</summary>
    public long SocketConnectionSetupTimeoutMs { get; init; } = 10000;

    /// <summary>Kafka key <c>socket.connection.setup.timeout.max.ms</c>: largest connection-setup timeout. Default 30000.</summary>
    public long SocketConnectionSetupTimeoutMaxMs { get; init; } = 30000;

    /// <summary>Kafka key <c>max.in.flight.requests.per.connection</c>: unacknowledged requests per broker (≤ 5 with idempotence). Default 5.</summary>
    public int MaxInFlightRequestsPerConnection { get; init; } = 5;

    /// <summary>Kafka key <c>max.request.size</c>: largest Produce request, also the largest single record. Default 1048576.</summary>
    public int MaxRequestSize { get; init; } = 1048576;

    /// <summary>Kafka key <c>compression.type</c>: batch codec. Default <see cref="CompressionType.None"/>.</summary>
    public CompressionType CompressionType { get; init; } = CompressionType.None;

    /// <summary>Kafka key <c>compression.gzip.level</c>: -1 (zlib default) or 1..9. Default -1 (KIP-390).</summary>
    public int CompressionGzipLevel { get; init; } = -1;

    /// <summary>Kafka key <c>compression.lz4.level</c>: 1..17. Default 9.</summary>
    public int CompressionLz4Level { get; init; } = 9;

    /// <summary>Kafka key <c>compression.zstd.level</c>: -131072..22. Default 3.</summary>
    public int CompressionZstdLevel { get; init; } = 3;

    /// <summary>Kafka key <c>metadata.max.age.ms</c>: refresh metadata at least this often. Default 300000.</summary>
    public long MetadataMaxAgeMs { get; init; } = 300000;

    /// <summary>Kafka key <c>metadata.max.idle.ms</c>: forget a topic's metadata after this long without sends. Default 300000.</summary>
    public long MetadataMaxIdleMs { get; init; } = 300000;

    /// <summary>Kafka key <c>metadata.recovery.strategy</c>: rebootstrap when no broker is reachable. Default <see cref="MetadataRecoveryStrategy.Rebootstrap"/>.</summary>
    public MetadataRecoveryStrategy MetadataRecoveryStrategy { get; init; } = MetadataRecoveryStrategy.Rebootstrap;

    /// <summary>Kafka key <c>metadata.recovery.rebootstrap.trigger.ms</c>: how long without usable metadata before rebootstrapping. Default 300000.</summary>
    public long MetadataRecoveryRebootstrapTriggerMs { get; init; } = 300000;

    /// <summary>Kafka key <c>partitioner.adaptive.partitioning.enable</c>: weight sticky partition choice by queue sizes (KIP-794). Default true.</summary>
    public bool PartitionerAdaptivePartitioningEnable { get; init; } = true;

    /// <summary>Kafka key <c>partitioner.availability.timeout.ms</c>: skip partitions whose leader has not drained for this long; 0 disables. Default 0.</summary>
    public long PartitionerAvailabilityTimeoutMs { get; init; }

    /// <summary>Kafka key <c>partitioner.ignore.keys</c>: partition keyed records like unkeyed ones (sticky). Default false.</summary>
    public bool PartitionerIgnoreKeys { get; init; }

    /// <summary>Kafka key <c>transaction.timeout.ms</c>: how long the coordinator lets a transaction stay open. Default 60000.</summary>
    public int TransactionTimeoutMs { get; init; } = 60000;

    /// <summary>Kafka key <c>connections.max.idle.ms</c>: close connections idle this long. Default 540000.</summary>
    public long ConnectionsMaxIdleMs { get; init; } = 540000;

    /// <summary>Kafka key <c>send.buffer.bytes</c>: socket send buffer; -1 uses the OS default. Default 131072.</summary>
    public int SendBufferBytes { get; init; } = 131072;

    /// <summary>Kafka key <c>receive.buffer.bytes</c>: socket receive buffer; -1 uses the OS default. Default 32768.</summary>
    public int ReceiveBufferBytes { get; init; } = 32768;

    /// <summary>Kafka key <c>client.dns.lookup</c>. Default <see cref="ClientDnsLookup.UseAllDnsIps"/>.</summary>
    public ClientDnsLookup ClientDnsLookup { get; init; } = ClientDnsLookup.UseAllDnsIps;

    /// <summary>Kafka key <c>metrics.sample.window.ms</c>: length of one sample window for rates and averages. Default 30000.</summary>
    public long MetricsSampleWindowMs { get; init; } = 30000;

    /// <summary>Kafka key <c>metrics.num.samples</c>: sample windows kept for rates and averages. Default 2.</summary>
    public int MetricsNumSamples { get; init; } = 2;

    /// <summary>
    /// Kafka key <c>enable.metrics.push</c> (KIP-714). Brook does not push client metrics yet, so the default is false
    /// and true is rejected rather than silently ignored.
    /// </summary>
    public bool EnableMetricsPush { get; init; }

    /// <summary>A custom partitioner (Java <c>partitioner.class</c>); null uses murmur2 for keys and sticky/adaptive otherwise.</summary>
    public IPartitioner? Partitioner { get; init; }

    /// <summary>The clock for every timeout, linger and metric window. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where logs go. Default <see cref="NullLoggerFactory.Instance"/>.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Creates the "Brook.Producer" meter; null creates a standalone meter.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// True (default) posts <c>ProduceAsync</c> continuations to the thread pool, so user code after an <c>await</c>
    /// never runs on the producer's completion thread (they may then run in any order). False runs them inline on the
    /// completion thread, in send order per partition, without a thread-pool hop per record: faster, but a continuation
    /// that blocks stalls every later delivery report. No Kafka key (a .NET setting).
    /// </summary>
    public bool RunContinuationsAsynchronously { get; init; } = true;

    /// <summary>
    /// True writes the W3C trace context (the send span's, else <see cref="System.Diagnostics.Activity.Current"/>'s) into a
    /// <c>traceparent</c> record header (<see cref="BrookDiagnostics.TraceParentHeader"/>), replacing one the message
    /// already carries, so consumers can continue the trace. The message's own <see cref="Headers"/> are not changed.
    /// Costs 66 bytes per traced record. Default false. No Kafka key (a .NET setting).
    /// </summary>
    public bool EnableTraceContextPropagation { get; init; }

    /// <summary>Seed for the producer's random choices (sticky partitions, backoff jitter); null is random. Set it in tests.</summary>
    public int? RandomSeed { get; init; }
}
