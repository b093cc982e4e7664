using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Reading;

public sealed partial class TopicReader
{
    /// <summary>
    /// One round: a Fetch to every leader that has partitions to read (concurrently), each response decoded into
    /// <paramref name="output"/> in partition order. A retriable error (leader moved, connection lost) refreshes metadata
    /// after retry.backoff.ms; OFFSET_OUT_OF_RANGE resets the partition to the start position of the options.
    /// </summary>
    private async Task FetchRoundAsync(List<ReadRecord> output, CancellationToken cancellationToken)
    {
        var groups = GroupByLeader(_partitions, includeDone: false);
        if (groups.Count == 0)
        {
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var tasks = new List<Task<FetchResponse>>(groups.Count);
        foreach (var group in groups)
        {
            tasks.Add(FetchFromAsync(group.Key, group.Value, cancellationToken));
        }

        var needsMetadata = false;
        var outOfRange = new List<PartitionCursor>();
        for (var i = 0; i < tasks.Count; i++)
        {
            FetchResponse response;
            try
            {
                response = await tasks[i].WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex) when (ex.IsRetriable)
            {
                needsMetadata = true;
                continue;
            }

            var error = (ErrorCode)response.ErrorCode;
            if (error != ErrorCode.None)
            {
                ThrowIfNotRetriable(error, "Fetch");
                needsMetadata = true;
                continue;
            }

            needsMetadata |= Absorb(response, output, outOfRange);
        }

        if (outOfRange.Count > 0)
        {
            var start = _options.Start == ReadStart.Beginning ? EarliestTimestamp : LatestTimestamp;
            await ResetAsync(start, outOfRange, cancellationToken).ConfigureAwait(false);
        }

        if (needsMetadata)
        {
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FetchResponse> FetchFromAsync(int leader, List<PartitionCursor> cursors, CancellationToken cancellationToken)
    {
        var connection = await _client.GetConnectionAsync(leader, cancellationToken).ConfigureAwait(false);
        var fetchTopic = new FetchRequest.FetchTopic { Topic = _options.Topic };
        foreach (var cursor in cursors)
        {
            fetchTopic.Partitions.Add(new FetchRequest.FetchPartition
            {
                Partition = cursor.Partition,
                CurrentLeaderEpoch = cursor.LeaderEpoch,
                FetchOffset = cursor.Position,
                PartitionMaxBytes = _options.MaxPartitionFetchBytes,
            });
        }

        var request = new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = _options.FetchMaxWaitMs,
            MinBytes = _options.FetchMinBytes,
            MaxBytes = _options.FetchMaxBytes,
            IsolationLevel = (sbyte)(_options.ReadCommitted ? 1 : 0),
            SessionId = 0,
            SessionEpoch = -1,
            Topics = [fetchTopic],
        };
        return await connection.SendAsync<FetchResponse>(request).ConfigureAwait(false);
    }

    /// <summary>Decodes every partition of <paramref name="response"/>; true when metadata must be refreshed.</summary>
    private bool Absorb(FetchResponse response, List<ReadRecord> output, List<PartitionCursor> outOfRange)
    {
        var needsMetadata = false;
        foreach (var topic in response.Responses)
        {
            if (topic.Topic != _options.Topic)
            {
                continue;
            }

            foreach (var partition in topic.Partitions)
            {
                if (partition.PartitionIndex < 0 || partition.PartitionIndex >= _partitions.Length)
                {
                    continue;
                }

                var cursor = _partitions[partition.PartitionIndex];
                var error = (ErrorCode)partition.ErrorCode;
                if (error == ErrorCode.OffsetOutOfRange)
                {
                    outOfRange.Add(cursor);
                    continue;
                }

                if (error != ErrorCode.None)
                {
                    ThrowIfNotRetriable(error, $"Fetch of {_options.Topic}-{cursor.Partition}");
                    needsMetadata = true;
                    continue;
                }

                if (partition.Records is { Length: > 0 } records)
                {
                    cursor.Position = FetchDecoder.Decode(
                        records.Span, cursor.Partition, cursor.Position, _options.ReadCommitted ? partition.AbortedTransactions : null, output);
                }
            }
        }

        return needsMetadata;
    }

    private async Task ResetAsync(long timestamp, List<PartitionCursor> cursors, CancellationToken cancellationToken)
    {
        try
        {
            var all = _partitions;
            await ListOffsetsAsync(
                timestamp,
                (cursor, offset) =>
                {
                    if (cursors.Contains(cursor))
                    {
                        cursor.Position = offset;
                    }
                },
                all,
                cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex) when (ex.IsRetriable)
        {
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Back off, then refresh metadata; a retriable failure is left for the next round to retry.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await BackoffAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshMetadataAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex) when (ex.IsRetriable)
        {
            // The next round backs off and tries again; fetches to a leaderless partition are skipped meanwhile.
        }
    }

    private void ThrowIfNotRetriable(ErrorCode error, string what)
    {
        if (!ErrorCodes.IsRetriable(error))
        {
            throw new KafkaException(error, $"{ErrorCodes.Name(error)}: {what} failed for topic '{_options.Topic}'; the error is not retriable.");
        }
    }
}
