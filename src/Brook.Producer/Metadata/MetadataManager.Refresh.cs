using System.Collections.Frozen;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Metadata;

internal sealed partial class MetadataManager
{
    /// <summary>
    /// Sends one Metadata request for the topics in use to the least-loaded node and publishes the resulting view.
    /// Throws the failure (retriable NETWORK_EXCEPTION when no node is reachable).
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _updateRequested = false;
            _lastAttemptTimestamp = now;
        }

        var nodeId = _client.LeastLoadedNode();
        if (nodeId is null)
        {
            if (_settings.RecoveryStrategy == MetadataRecoveryStrategy.Rebootstrap
                && _time.GetElapsedTime(_lastSuccessTimestamp).TotalMilliseconds >= _settings.RebootstrapTriggerMs)
            {
                _client.Rebootstrap();
                _lastSuccessTimestamp = now;
            }

            throw new KafkaException(ErrorCode.NetworkException, "NETWORK_EXCEPTION: no broker is available for a metadata request; every known node is backing off after failed connections.");
        }

        var connection = await _client.GetConnectionAsync(nodeId.Value, cancellationToken).ConfigureAwait(false);
        var version = connection.Versions.GetVersion(ApiKey.Metadata, connection.Node);
        var request = BuildRequest(now, version);
        var response = await connection.SendAsync<MetadataResponse>(request, version).ConfigureAwait(false);
        var view = BuildView(response, Current, _time.GetTimestamp());
        var brokers = new List<BrokerNode>(view.Brokers.Count);
        foreach (var broker in view.Brokers.Values)
        {
            brokers.Add(broker);
        }

        _client.UpdateNodes(brokers);
        _lastSuccessTimestamp = _time.GetTimestamp();
        _failures = 0;
        LastError = null;
        Publish(view);
    }

    /// <summary>Builds a view from a response, keeping a cached leader whose epoch is newer than the response's.</summary>
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
                var fresh = new PartitionMetadata(p.PartitionIndex, p.LeaderId, p.LeaderEpoch, (ErrorCode)p.ErrorCode);
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

    private MetadataRequest BuildRequest(long now, short version)
    {
        var request = new MetadataRequest
        {
            Topics = [],
            AllowAutoTopicCreation = _settings.AllowAutoTopicCreation,
        };
        var idleTicks = _settings.MetadataMaxIdleMs * _time.TimestampFrequency / 1000;
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

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            TaskCompletionSource wake;
            TimeSpan wait;
            lock (_lock)
            {
                wake = _wake;
                var now = _time.GetTimestamp();
                var backoffTicks = (_failures == 0 ? _settings.RetryBackoffMs : _backoff.BackoffMs(_failures - 1)) * _time.TimestampFrequency / 1000;
                var due = _updateRequested
                    ? _lastAttemptTimestamp + backoffTicks
                    : _lastSuccessTimestamp + (_settings.MetadataMaxAgeMs * _time.TimestampFrequency / 1000);
                if (_lastAttemptTimestamp == 0 && _updateRequested)
                {
                    due = now;
                }

                wait = due <= now ? TimeSpan.Zero : TimeSpan.FromSeconds((due - now) / (double)_time.TimestampFrequency);
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await wake.Task.WaitAsync(wait, _time, token).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _wake = NewSignal();
                    }

                    continue; // re-evaluate: an update was requested, honour the backoff
                }
                catch (TimeoutException)
                {
                    // due time reached
                }
            }

            try
            {
                await RefreshAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                _failures++;
                LastError = ex;
                RequestUpdate();
                lock (_lock)
                {
                    _wake = NewSignal();
                }
            }
        }
    }
}
