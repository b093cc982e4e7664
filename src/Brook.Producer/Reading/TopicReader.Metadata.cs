using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Reading;

public sealed partial class TopicReader
{
    private const long EarliestTimestamp = -2;
    private const long LatestTimestamp = -1;

    /// <summary>Metadata, then start offsets (and end offsets for stop-at-end), retried within setup timeout.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            try
            {
                await RefreshMetadataAsync(cancellationToken).ConfigureAwait(false);
                await AssignAndPositionAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KafkaException ex) when (ex.IsRetriable && _time.GetElapsedTime(started).TotalMilliseconds < _options.SetupTimeoutMs)
            {
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex) when (ex.IsRetriable)
            {
                throw new KafkaTimeoutException(
                    $"Reading '{_options.Topic}' could not start within {_options.SetupTimeoutMs} ms: {ex.Message} Check bootstrap.servers and that the topic's leaders are up.",
                    ex);
            }
        }
    }

    /// <summary>
    /// Joins the group (with <c>--group</c>), positions every assigned partition at the start offset, then at the group's
    /// committed offsets, and lists the end offsets when stopping at the end. Used at start and after every rejoin, so
    /// a partition assigned by a rebalance is positioned (and can reach its end) like one assigned at start.
    /// </summary>
    private async Task AssignAndPositionAsync(CancellationToken cancellationToken)
    {
        if (_group is not null)
        {
            await JoinGroupAsync(cancellationToken).ConfigureAwait(false);
        }

        var start = _options.Start == ReadStart.Beginning ? EarliestTimestamp : LatestTimestamp;
        await ListOffsetsAsync(start, static (cursor, offset) => cursor.Position = offset, _partitions, cancellationToken).ConfigureAwait(false);
        if (_group is not null)
        {
            await ApplyCommittedOffsetsAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.StopAtEnd)
        {
            await ListOffsetsAsync(LatestTimestamp, static (cursor, offset) => cursor.EndOffset = offset, _partitions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fetches metadata for the topic through the producer's <see cref="Metadata.MetadataManager"/> (no auto-creation)
    /// and updates nodes and partition leaders.
    /// </summary>
    private async Task RefreshMetadataAsync(CancellationToken cancellationToken)
    {
        _metadata.Touch(_options.Topic);
        await _metadata.RefreshAsync(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_metadata.Current.TryGetTopic(_options.Topic, out var topic))
        {
            throw new KafkaException(ErrorCode.UnknownTopicOrPartition, $"UNKNOWN_TOPIC_OR_PARTITION: metadata did not describe topic '{_options.Topic}'.");
        }

        if (topic.Error == ErrorCode.UnknownTopicOrPartition)
        {
            throw new KafkaException(topic.Error, $"UNKNOWN_TOPIC_OR_PARTITION: topic '{_options.Topic}' does not exist; create it or check the name.");
        }

        if (topic.Error != ErrorCode.None)
        {
            throw new KafkaException(topic.Error, $"{ErrorCodes.Name(topic.Error)}: metadata for topic '{_options.Topic}' failed.");
        }

        if (_partitions.Length != topic.PartitionCount)
        {
            var old = _partitions;
            _partitions = new PartitionCursor[topic.PartitionCount];
            for (var i = 0; i < _partitions.Length; i++)
            {
                _partitions[i] = i < old.Length ? old[i] : new PartitionCursor(i);
            }
        }

        foreach (var partition in topic.Partitions)
        {
            var cursor = _partitions[partition.Partition];
            cursor.Leader = partition.Error == ErrorCode.None ? partition.LeaderId : -1;
            cursor.LeaderEpoch = partition.LeaderEpoch;
        }

        foreach (var cursor in _partitions)
        {
            if (cursor.Leader < 0)
            {
                throw new KafkaException(ErrorCode.LeaderNotAvailable, $"LEADER_NOT_AVAILABLE: partition {_options.Topic}-{cursor.Partition} has no leader yet.");
            }
        }
    }

    /// <summary>ListOffsets at <paramref name="timestamp"/> for every partition, one request per leader.</summary>
    private async Task ListOffsetsAsync(long timestamp, Action<PartitionCursor, long> apply, PartitionCursor[] cursors, CancellationToken cancellationToken)
    {
        foreach (var group in GroupByLeader(cursors, includeDone: true))
        {
            var connection = await _client.GetConnectionAsync(group.Key, cancellationToken).ConfigureAwait(false);
            var listTopic = new ListOffsetsRequest.ListOffsetsTopic { Name = _options.Topic };
            foreach (var cursor in group.Value)
            {
                listTopic.Partitions.Add(new ListOffsetsRequest.ListOffsetsPartition
                {
                    PartitionIndex = cursor.Partition,
                    CurrentLeaderEpoch = cursor.LeaderEpoch,
                    Timestamp = timestamp,
                });
            }

            var request = new ListOffsetsRequest
            {
                ReplicaId = -1,
                IsolationLevel = (sbyte)(_options.ReadCommitted ? 1 : 0),
                Topics = [listTopic],
            };
            var response = await connection.SendAsync<ListOffsetsResponse>(request).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var topic in response.Topics)
            {
                foreach (var partition in topic.Partitions)
                {
                    var error = (ErrorCode)partition.ErrorCode;
                    if (error != ErrorCode.None)
                    {
                        throw new KafkaException(error, $"{ErrorCodes.Name(error)}: ListOffsets for {_options.Topic}-{partition.PartitionIndex} failed.");
                    }

                    if (partition.PartitionIndex >= 0 && partition.PartitionIndex < cursors.Length)
                    {
                        apply(cursors[partition.PartitionIndex], partition.Offset);
                    }
                }
            }
        }
    }

    private Dictionary<int, List<PartitionCursor>> GroupByLeader(PartitionCursor[] cursors, bool includeDone)
    {
        var groups = new Dictionary<int, List<PartitionCursor>>();
        foreach (var cursor in cursors)
        {
            if (!cursor.Assigned || cursor.Leader < 0 || (!includeDone && _options.StopAtEnd && cursor.ReachedEnd))
            {
                continue;
            }

            if (!groups.TryGetValue(cursor.Leader, out var list))
            {
                list = [];
                groups[cursor.Leader] = list;
            }

            list.Add(cursor);
        }

        return groups;
    }
}
