using Brook.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Cluster;

/// <summary>
/// Immutable settings of an embedded cluster. Defaults match a Kafka broker's (broker-semantics.md §7) except where
/// noted; every property names the Kafka key it mirrors. Validated once by <see cref="Validate"/> when a cluster is built.
/// </summary>
public sealed record EmbeddedClusterOptions
{
    /// <summary>Number of brokers, with ids 0..N-1. Default 3.</summary>
    public int BrokerCount { get; init; } = 3;

    /// <summary>Partitions of an auto-created topic (<c>num.partitions</c>). Default 1.</summary>
    public int DefaultPartitions { get; init; } = 1;

    /// <summary>
    /// Replication factor of an auto-created topic (<c>default.replication.factor</c>); capped at
    /// <see cref="BrokerCount"/>. Default 3.
    /// </summary>
    public int DefaultReplicationFactor { get; init; } = 3;

    /// <summary>Create a topic on first use by Metadata or Produce (<c>auto.create.topics.enable</c>). Default true.</summary>
    public bool AutoCreateTopics { get; init; } = true;

    /// <summary>Default topic config (<c>min.insync.replicas</c>, <c>retention.bytes</c>, ...) for topics created without one.</summary>
    public TopicConfig DefaultTopicConfig { get; init; } = new();

    /// <summary>
    /// A follower that has not caught up with the leader's log end offset for this long leaves the ISR
    /// (<c>replica.lag.time.max.ms</c>). Default 30000.
    /// </summary>
    public int ReplicaLagTimeMaxMs { get; init; } = 30_000;

    /// <summary>
    /// How far behind the leader every follower replicates, in milliseconds of cluster time: a follower holds the
    /// leader's log as it was this long ago. 0 (default) replicates on append.
    /// </summary>
    public int FollowerReplicationLagMs { get; init; }

    /// <summary>
    /// Idempotent-producer state of a producer id that has not appended to a partition for this long is dropped
    /// (<c>producer.id.expiration.ms</c>). Default 86400000.
    /// </summary>
    public long ProducerIdExpirationMs { get; init; } = 86_400_000;

    /// <summary>Seed of the cluster's random source: replica placement, topic ids, latency jitter, chaos. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Capacity of the bounded request/response history kept for inspection. Default 1024; 0 disables it.</summary>
    public int RequestHistoryCapacity { get; init; } = 1024;

    /// <summary>First listener port; broker i listens on <c>BasePort + i</c>. 0 (default) = ephemeral ports.</summary>
    public int BasePort { get; init; }

    /// <summary>Clock of the cluster: replication lag, ISR shrink, acks timeouts, append times. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logger factory. Default no logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Group coordinator settings (<c>group.initial.rebalance.delay.ms</c>, session timeout bounds).</summary>
    public GroupOptions Groups { get; init; } = new();

    /// <summary>
    /// Advertise (and serve) flexible versions (KIP-482). False caps every API at its last non-flexible version, so a
    /// client such as librdkafka negotiates the old encodings; an API with no non-flexible version keeps its range.
    /// Default true.
    /// </summary>
    public bool FlexibleVersions { get; init; } = true;

    /// <summary>
    /// Per-API caps on the highest advertised and served version (e.g. <c>[ApiKey.Produce] = 7</c>), applied together
    /// with <see cref="FlexibleVersions"/>; a cap below an API's lowest version leaves that lowest version. Default none.
    /// </summary>
    public IReadOnlyDictionary<ApiKey, short> MaxApiVersions { get; init; } = new Dictionary<ApiKey, short>();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    public void Validate()
    {
        if (BrokerCount is < 1 or > 1000)
        {
            throw new ArgumentException($"BrokerCount must be between 1 and 1000, was {BrokerCount}.", nameof(BrokerCount));
        }

        if (DefaultPartitions < 1)
        {
            throw new ArgumentException($"DefaultPartitions (num.partitions) must be at least 1, was {DefaultPartitions}.", nameof(DefaultPartitions));
        }

        if (DefaultReplicationFactor < 1)
        {
            throw new ArgumentException($"DefaultReplicationFactor must be at least 1, was {DefaultReplicationFactor}.", nameof(DefaultReplicationFactor));
        }

        if (ReplicaLagTimeMaxMs < 1)
        {
            throw new ArgumentException($"ReplicaLagTimeMaxMs (replica.lag.time.max.ms) must be positive, was {ReplicaLagTimeMaxMs}.", nameof(ReplicaLagTimeMaxMs));
        }

        if (FollowerReplicationLagMs < 0)
        {
            throw new ArgumentException($"FollowerReplicationLagMs must be 0 or more, was {FollowerReplicationLagMs}.", nameof(FollowerReplicationLagMs));
        }

        if (ProducerIdExpirationMs < 1)
        {
            throw new ArgumentException($"ProducerIdExpirationMs (producer.id.expiration.ms) must be positive, was {ProducerIdExpirationMs}.", nameof(ProducerIdExpirationMs));
        }

        if (RequestHistoryCapacity < 0)
        {
            throw new ArgumentException($"RequestHistoryCapacity must be 0 or more, was {RequestHistoryCapacity}.", nameof(RequestHistoryCapacity));
        }

        if (BasePort < 0 || BasePort + BrokerCount - 1 > 65535)
        {
            throw new ArgumentException($"BasePort must be 0 (ephemeral) or leave room for {BrokerCount} ports below 65536, was {BasePort}.", nameof(BasePort));
        }

        ArgumentNullException.ThrowIfNull(MaxApiVersions, nameof(MaxApiVersions));
        foreach (var (key, cap) in MaxApiVersions)
        {
            if (cap < 0)
            {
                throw new ArgumentException($"MaxApiVersions[{key}] must be 0 or more, was {cap}; remove the entry to keep the full range.", nameof(MaxApiVersions));
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(LoggerFactory, nameof(LoggerFactory));
        ArgumentNullException.ThrowIfNull(DefaultTopicConfig, nameof(DefaultTopicConfig));
        DefaultTopicConfig.Validate();
        ArgumentNullException.ThrowIfNull(Groups, nameof(Groups));
        Groups.Validate();
    }
}
