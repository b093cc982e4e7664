using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// OffsetFetch: v1-8. Returns the committed offset, leader epoch (v5+) and metadata of each asked partition, or -1
/// when none; null topics (v2+) mean every committed partition of the group; v8 asks for several groups at once.
/// Group errors (NOT_COORDINATOR) go in the top-level error from v2 (per group in v8) and on each partition in v1.
/// With RequireStable (v7+, KIP-447) a partition with a pending transactional offset commit (TxnOffsetCommit of a
/// transaction not yet ended) answers UNSTABLE_OFFSET_COMMIT and offset -1, as Kafka does; the client retries.
/// </summary>
internal static class OffsetFetchHandler
{
    /// <summary>Answers one OffsetFetch request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = OffsetFetchRequest.Read(ref reader, context.ApiVersion);
        var response = new OffsetFetchResponse();
        if (context.ApiVersion >= 8)
        {
            foreach (var g in request.Groups)
            {
                var groupResponse = new OffsetFetchResponse.OffsetFetchResponseGroup { GroupId = g.GroupId };
                var error = GroupChecks.Precheck(context, g.GroupId);
                groupResponse.ErrorCode = (short)error;
                if (error == ErrorCode.None)
                {
                    foreach (var (topic, partitions) in Select(context, g.GroupId, g.Topics?.ConvertAll(static t => (t.Name, t.PartitionIndexes)), request.RequireStable))
                    {
                        var t = new OffsetFetchResponse.OffsetFetchResponseTopics { Name = topic };
                        foreach (var (partition, offset, epoch, metadata, partitionError) in partitions)
                        {
                            t.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartitions { PartitionIndex = partition, CommittedOffset = offset, CommittedLeaderEpoch = epoch, Metadata = metadata, ErrorCode = (short)partitionError });
                        }

                        groupResponse.Topics.Add(t);
                    }
                }

                response.Groups.Add(groupResponse);
            }

            return HandlerResult.Respond(response, request);
        }

        var groupError = GroupChecks.Precheck(context, request.GroupId);
        if (context.ApiVersion >= 2)
        {
            response.ErrorCode = (short)groupError;
        }

        var asked = request.Topics?.ConvertAll(static t => (t.Name, t.PartitionIndexes));
        if (groupError != ErrorCode.None)
        {
            if (context.ApiVersion < 2 && asked is not null)
            {
                foreach (var (name, indexes) in asked)
                {
                    var t = new OffsetFetchResponse.OffsetFetchResponseTopic { Name = name };
                    foreach (var i in indexes)
                    {
                        t.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartition { PartitionIndex = i, CommittedOffset = -1, ErrorCode = (short)groupError });
                    }

                    response.Topics.Add(t);
                }
            }

            return HandlerResult.Respond(response, request);
        }

        foreach (var (topic, partitions) in Select(context, request.GroupId, asked, context.ApiVersion >= 7 && request.RequireStable))
        {
            var t = new OffsetFetchResponse.OffsetFetchResponseTopic { Name = topic };
            foreach (var (partition, offset, epoch, metadata, partitionError) in partitions)
            {
                t.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartition { PartitionIndex = partition, CommittedOffset = offset, CommittedLeaderEpoch = epoch, Metadata = metadata, ErrorCode = (short)partitionError });
            }

            response.Topics.Add(t);
        }

        return HandlerResult.Respond(response, request);
    }

    /// <summary>
    /// The asked partitions (or every committed one when <paramref name="asked"/> is null) with their offsets; with
    /// <paramref name="requireStable"/> a partition with a pending transactional commit is UNSTABLE_OFFSET_COMMIT.
    /// </summary>
    private static List<(string Topic, List<(int Partition, long Offset, int Epoch, string? Metadata, ErrorCode Error)> Partitions)> Select(
        RequestContext context,
        string groupId,
        List<(string Name, List<int> PartitionIndexes)>? asked,
        bool requireStable)
    {
        var groups = context.Cluster.Groups;
        var result = new List<(string, List<(int, long, int, string?, ErrorCode)>)>();
        if (asked is null)
        {
            foreach (var (topic, partition, offset) in groups.AllOffsets(groupId))
            {
                if (result.Count == 0 || result[^1].Item1 != topic)
                {
                    result.Add((topic, []));
                }

                result[^1].Item2.Add(Stable(context, groupId, topic, partition, requireStable, (partition, offset.Offset, offset.LeaderEpoch, offset.Metadata ?? string.Empty, ErrorCode.None)));
            }

            return result;
        }

        foreach (var (name, indexes) in asked)
        {
            var list = new List<(int, long, int, string?, ErrorCode)>(indexes.Count);
            foreach (var i in indexes)
            {
                var found = groups.TryGetOffset(groupId, name, i, out var o) ? (i, o.Offset, o.LeaderEpoch, o.Metadata ?? string.Empty, ErrorCode.None) : (i, -1L, -1, string.Empty, ErrorCode.None);
                list.Add(Stable(context, groupId, name, i, requireStable, found));
            }

            result.Add((name, list));
        }

        return result;
    }

    private static (int Partition, long Offset, int LeaderEpoch, string? Metadata, ErrorCode Error) Stable(RequestContext context, string groupId, string topic, int partition, bool requireStable, (int Partition, long Offset, int LeaderEpoch, string? Metadata, ErrorCode Error) found) =>
        requireStable && context.Cluster.Transactions.HasPendingOffset(groupId, topic, partition)
            ? (partition, -1L, -1, string.Empty, ErrorCode.UnstableOffsetCommit)
            : found;
}
