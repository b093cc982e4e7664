using System.Buffers;
using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// Fetch: v4-12 for consumers (names, not topic ids). Serves whole batches below the HW (read_uncommitted) or the LSO
/// (IsolationLevel 1, read_committed, with the AbortedTransactions overlapping the range; broker-semantics.md §5;
/// uncommitted data does not count towards MinBytes), honours PartitionMaxBytes and MaxBytes (the first
/// partition with data always gets one whole batch), and long-polls up to MaxWaitMs while fewer than MinBytes are
/// ready, waking when any requested partition's HW moves. Deviations: no fetch sessions (SessionId 0 answers every
/// request in full, which Java and librdkafka accept); follower fetches (ReplicaId ≥ 0) are refused with
/// NOT_LEADER_OR_FOLLOWER because replication is in-process.
/// </summary>
internal static class FetchHandler
{
    /// <summary>Handles one Fetch request.</summary>
    public static async ValueTask<HandlerResult> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = Parse(body, context.ApiVersion);
        var response = Read(context, request, out var total);
        if (total < request.MinBytes && request.MaxWaitMs > 0 && context.InjectedError == ErrorCode.None)
        {
            var waits = new List<Task>();
            foreach (var topic in request.Topics)
            {
                foreach (var p in topic.Partitions)
                {
                    if (context.Cluster.FindPartition(topic.Topic, p.Partition) is { } partition)
                    {
                        waits.Add(partition.HighWatermarkChangedAsync());
                    }
                }
            }

            // Read again after registering: data that arrived between the first read and the registration is not missed.
            response = Read(context, request, out total);
            if (total < request.MinBytes)
            {
                waits.Add(Task.Delay(TimeSpan.FromMilliseconds(request.MaxWaitMs), context.Cluster.TimeProvider));
                await Task.WhenAny(waits).ConfigureAwait(false);
                response = Read(context, request, out _);
            }
        }

        return HandlerResult.Respond(response, request);
    }

    private static FetchRequest Parse(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return FetchRequest.Read(ref reader, version);
    }

    private static FetchResponse Read(RequestContext context, FetchRequest request, out int total)
    {
        var response = new FetchResponse();
        total = 0;
        var remaining = request.MaxBytes;
        var buffer = new ArrayBufferWriter<byte>();
        var aborted = request.IsolationLevel == 1 ? new List<AbortedTransaction>() : null;
        foreach (var topic in request.Topics)
        {
            var topicResponse = new FetchResponse.FetchableTopicResponse { Topic = topic.Topic };
            foreach (var p in topic.Partitions)
            {
                var data = new FetchResponse.PartitionData { PartitionIndex = p.Partition, AbortedTransactions = [] };
                var partition = context.Cluster.FindPartition(topic.Topic, p.Partition);
                if (context.InjectedError != ErrorCode.None)
                {
                    data.ErrorCode = (short)context.InjectedError;
                }
                else if (partition is null)
                {
                    data.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                }
                else if (request.ReplicaId >= 0)
                {
                    data.ErrorCode = (short)ErrorCode.NotLeaderOrFollower;
                }
                else
                {
                    buffer.ResetWrittenCount();
                    var budget = total == 0 ? Math.Max(1, Math.Min(p.PartitionMaxBytes, remaining)) : Math.Min(p.PartitionMaxBytes, remaining);
                    aborted?.Clear();
                    var error = partition.ReadForConsumer(
                        context.BrokerId, p.CurrentLeaderEpoch, p.FetchOffset, budget, buffer, out var hw, out var lso, out var logStart, out var written, aborted);
                    data.ErrorCode = (short)error;
                    data.HighWatermark = hw;
                    data.LastStableOffset = lso;
                    if (aborted is { Count: > 0 })
                    {
                        foreach (var a in aborted)
                        {
                            data.AbortedTransactions!.Add(new FetchResponse.AbortedTransaction { ProducerId = a.ProducerId, FirstOffset = a.FirstOffset });
                        }
                    }

                    data.LogStartOffset = logStart;
                    data.Records = written > 0 ? buffer.WrittenSpan.ToArray() : ReadOnlyMemory<byte>.Empty;
                    total += written;
                    remaining -= written;
                }

                topicResponse.Partitions.Add(data);
            }

            response.Responses.Add(topicResponse);
        }

        return response;
    }
}
