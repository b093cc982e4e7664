using System.Collections.Frozen;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Metadata;

internal sealed partial class MetadataManager
{
    /// <summary>
    /// Milliseconds until the next Metadata request is due: 0 when due now, <see cref="long.MaxValue"/> when no topic
    /// is in use. A wanted refresh waits retry.backoff.ms after the last attempt (the KIP-580 backoff drawn at the last
    /// failure, after failures); otherwise the view is refreshed metadata.max.age.ms after the last success.
    /// </summary>
    public long TimeToNextUpdateMs()
    {
        if (_topics.IsEmpty)
        {
            return long.MaxValue;
        }

        var now = _time.GetTimestamp();
        long due;
        lock (_lock)
        {
            due = _updateRequested
                ? _lastAttemptTimestamp + _retryDelayTicks
                : _lastSuccessTimestamp + MsToTicks(_settings.MetadataMaxAgeMs);
        }

        return due <= now ? 0 : Math.Max(1, (due - now) * 1000 / _time.TimestampFrequency);
    }

    /// <summary>
    /// Builds the Metadata request for the topics used within metadata.max.idle.ms (others leave the list) and records
    /// the attempt. <paramref name="version"/> is the version it will be sent at when known: at v0 an empty topic list
    /// means "all topics", so a name that cannot exist is asked for instead.
    /// </summary>
    public MetadataRequest BuildRequest(short version = -1)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _lastAttemptTimestamp = now;
            _requestVersionSent = _requestVersion;
        }

        var request = new MetadataRequest
        {
            Topics = [],
            AllowAutoTopicCreation = _settings.AllowAutoTopicCreation,
        };
        var idleTicks = MsToTicks(_settings.MetadataMaxIdleMs);
        foreach (var (name, usage) in _topics)
        {
            if (now - usage.LastUsed > idleTicks)
            {
                _topics.TryRemove(name, out _); // metadata.max.idle.ms: an unused topic leaves the refresh list
                continue;
            }

            request.Topics.Add(new MetadataRequest.MetadataRequestTopic { Name = name });
        }

        if (version == 0 && request.Topics.Count == 0)
        {
            // v0 reads an empty list as "all topics"; ask for a name that cannot exist to learn only the brokers.
            request.Topics.Add(new MetadataRequest.MetadataRequestTopic { Name = "__brook_no_topic__" });
        }

        return request;
    }

    /// <summary>
    /// Applies a Metadata response: replaces the node table (bootstrap nodes are dropped), publishes the new view
    /// (keeping leaders a KIP-951 hint made newer than the response) and releases topic waiters. Clears the refresh
    /// request unless another one arrived after <see cref="BuildRequest"/>.
    /// </summary>
    public void HandleResponse(MetadataResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var now = _time.GetTimestamp();
        var view = BuildView(response, Current, now);
        var brokers = new List<BrokerNode>(view.Brokers.Count);
        foreach (var broker in view.Brokers.Values)
        {
            brokers.Add(broker);
        }

        _transport.UpdateNodes(brokers);
        lock (_lock)
        {
            _lastSuccessTimestamp = now;
            _failures = 0;
            _retryDelayTicks = MsToTicks(_settings.RetryBackoffMs);
            if (_requestVersion == _requestVersionSent)
            {
                _updateRequested = false;
            }
        }

        LastError = null;
        Publish(view);
    }

    /// <summary>A Metadata request failed (disconnect, timeout): keeps the refresh wanted and backs off (KIP-580, drawn once).</summary>
    public void HandleFailure(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            _failures++;
            _retryDelayTicks = MsToTicks(_backoff.BackoffMs(_failures - 1));
        }

        LastError = error;
        Diagnostics.MetadataLog.MetadataRefreshFailed(_settings.Logger, _failures, error.Message);
        RequestUpdate();
    }

    /// <summary>
    /// No node can be asked (all backing off). With metadata.recovery.strategy=rebootstrap and nothing succeeded for
    /// metadata.recovery.rebootstrap.trigger.ms, the transport forgets the brokers and returns to bootstrap.servers.
    /// Returns true when it rebootstrapped.
    /// </summary>
    public bool HandleNoNodeAvailable()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_settings.RecoveryStrategy != MetadataRecoveryStrategy.Rebootstrap
                || now - _lastSuccessTimestamp < MsToTicks(_settings.RebootstrapTriggerMs))
            {
                return false;
            }

            _lastSuccessTimestamp = now;
        }

        _transport.Rebootstrap();
        return true;
    }

    /// <summary>
    /// One refresh over the <see cref="NetworkClient"/> this manager was built on (tools and tests; the producer's
    /// sender drives refreshes itself): least-loaded node, connect, send, apply. Throws the failure (retriable
    /// NETWORK_EXCEPTION when no node is reachable) after recording it.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_transport is not NetworkClient client)
        {
            throw new InvalidOperationException("RefreshAsync needs a NetworkClient transport; with another transport call BuildRequest, send it, then HandleResponse or HandleFailure.");
        }

        try
        {
            if (client.LeastLoadedNode() is not { } nodeId)
            {
                HandleNoNodeAvailable();
                throw new KafkaException(ErrorCode.NetworkException, "NETWORK_EXCEPTION: no broker is available for a metadata request; every known node is backing off after failed connections.");
            }

            var connection = await client.GetConnectionAsync(nodeId, cancellationToken).ConfigureAwait(false);
            var version = connection.Versions.GetVersion(ApiKey.Metadata, connection.Node);
            var response = await connection.SendAsync<MetadataResponse>(BuildRequest(version), version).ConfigureAwait(false);
            HandleResponse(response);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HandleFailure(ex);
            throw;
        }
    }

    /// <summary>
    /// Builds a view from a response, keeping a cached leader whose epoch is newer than the response's (a KIP-951 hint
    /// must not be undone by stale metadata). A partition answered with LEADER_NOT_AVAILABLE, or whose leader is not
    /// among the response's brokers, is leaderless.
    /// </summary>
    internal static ClusterView BuildView(MetadataResponse response, ClusterView previous, long timestamp)
    {
        var brokers = new Dictionary<int, BrokerNode>();
        foreach (var b in response.Brokers)
        {
            brokers[b.NodeId] = new BrokerNode(b.NodeId, b.Host, b.Port, b.Rack);
        }

        var topics = new Dictionary<string, TopicMetadata>(StringComparer.Ordinal);
        foreach (var t in response.Topics)
        {
            if (t.Name is null)
            {
                continue;
            }

            var max = -1;
            foreach (var p in t.Partitions)
            {
                max = Math.Max(max, p.PartitionIndex);
            }

            var partitions = new PartitionMetadata[max + 1];
            for (var i = 0; i < partitions.Length; i++)
            {
                partitions[i] = new PartitionMetadata(i, -1, -1, ErrorCode.LeaderNotAvailable);
            }

            previous.Topics.TryGetValue(t.Name, out var cached);
            foreach (var p in t.Partitions)
            {
                var error = (ErrorCode)p.ErrorCode;

                // A leader the response does not list among its brokers cannot be reached (librdkafka's mock names a
                // down broker as leader but leaves it out of the broker list): unknown, like Java's Cluster, so the
                // sender keeps asking for metadata until the broker is back or leadership moves.
                var leader = error == ErrorCode.LeaderNotAvailable || !brokers.ContainsKey(p.LeaderId) ? -1 : p.LeaderId;
                var fresh = new PartitionMetadata(p.PartitionIndex, leader, p.LeaderEpoch, error);
                if (cached is not null && p.PartitionIndex < cached.Partitions.Length)
                {
                    var old = cached.Partitions[p.PartitionIndex];
                    if (old.LeaderEpoch >= 0 && p.LeaderEpoch >= 0 && old.LeaderEpoch > p.LeaderEpoch && brokers.ContainsKey(old.LeaderId))
                    {
                        fresh = old; // a KIP-951 hint already told us about a newer leader; stale metadata must not undo it
                    }
                }

                partitions[p.PartitionIndex] = fresh;
            }

            topics[t.Name] = new TopicMetadata(t.Name, (ErrorCode)t.ErrorCode, partitions, Available(partitions));
        }

        return new ClusterView(
            brokers.ToFrozenDictionary(),
            topics.ToFrozenDictionary(StringComparer.Ordinal),
            response.ClusterId,
            response.ControllerId,
            timestamp);
    }
}
