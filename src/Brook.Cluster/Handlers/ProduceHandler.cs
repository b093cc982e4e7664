using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;
using Brook.Protocol.Records;

namespace Brook.Cluster.Handlers;

/// <summary>
/// Produce: advertised v0-11, served v3-11 (v0-2 close the connection, protocol.md §12.1).
/// Behaviour (broker-semantics.md §1, §4): partitions are independent; per partition, queued partition faults, unknown
/// topic, framing (#5-6), acks validity (#7), then <see cref="PartitionState.AppendAsync"/> (#8-#17). acks=0 writes no
/// response and closes the connection when any partition failed; a crashed leader closes it. v10+ adds
/// CurrentLeader and NodeEndpoints to NOT_LEADER_OR_FOLLOWER answers (KIP-951).
/// With a TransactionalId, a transactional batch is first verified with the coordinator (§3: producer id and epoch
/// current, partition added to the ongoing transaction; Kafka ≥ 3.6 does the same, KIP-890 part 1) before the
/// partition's own producer-state and transaction rules run. Deviation: that verification precedes the partition's
/// duplicate check, so a retried batch of an already ended transaction gets INVALID_TXN_STATE, not its old offset.
/// </summary>
internal static class ProduceHandler
{
    /// <summary>Handles one Produce request; completes when every partition is answered.</summary>
    public static async ValueTask<HandlerResult> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var (request, pending) = Start(context, body);
        var response = new ProduceResponse();
        var anyError = false;
        var close = false;
        var i = 0;
        foreach (var topic in request.TopicData)
        {
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
            foreach (var data in topic.PartitionData)
            {
                var result = await pending[i++].ConfigureAwait(false);
                close |= result.CloseConnection;
                anyError |= result.Error != ErrorCode.None;
                topicResponse.PartitionResponses.Add(ToResponse(context, topic.Name, data.Index, result, response));
            }

            response.Responses.Add(topicResponse);
        }

        foreach (var topic in request.TopicData)
        {
            foreach (var data in topic.PartitionData)
            {
                data.Records = null;
            }
        }

        if (close || (request.Acks == 0 && anyError))
        {
            return new HandlerResult(ResponseAction.Close, null, request);
        }

        return request.Acks == 0 ? new HandlerResult(ResponseAction.NoResponse, null, request) : HandlerResult.Respond(response, request);
    }

    private static (ProduceRequest Request, ValueTask<PartitionProduceResult>[] Pending) Start(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = ProduceRequest.Read(ref reader, context.ApiVersion);
        var count = 0;
        foreach (var topic in request.TopicData)
        {
            count += topic.PartitionData.Count;
        }

        var pending = new ValueTask<PartitionProduceResult>[count];
        var validAcks = request.Acks is -1 or 0 or 1;
        var i = 0;
        foreach (var topic in request.TopicData)
        {
            foreach (var data in topic.PartitionData)
            {
                pending[i++] = StartPartition(context, request, topic.Name, data, validAcks);
            }
        }

        return (request, pending);
    }

    private static ValueTask<PartitionProduceResult> StartPartition(
        RequestContext context,
        ProduceRequest request,
        string topic,
        ProduceRequest.PartitionProduceData data,
        bool validAcks)
    {
        var cluster = context.Cluster;
        if (context.InjectedError != ErrorCode.None)
        {
            return Failed(context.InjectedError);
        }

        if (cluster.Faults.TryTake((short)ApiKey.Produce, context.BrokerId, topic, data.Index, out var fault) && fault.Error != ErrorCode.None)
        {
            return Failed(fault.Error);
        }

        var partition = cluster.FindPartition(topic, data.Index);
        if (partition is null)
        {
            return Failed(ErrorCode.UnknownTopicOrPartition);
        }

        var records = data.Records.GetValueOrDefault().Span;
        if (!validAcks)
        {
            var framing = BatchValidator.ValidateFraming(records, context.ApiVersion);
            return Failed(framing != ErrorCode.None ? framing : ErrorCode.InvalidRequiredAcks);
        }

        if (request.TransactionalId is { } transactionalId
            && BatchValidator.ValidateFraming(records, context.ApiVersion) == ErrorCode.None
            && RecordBatchHeader.Read(records) is { IsTransactional: true, ProducerId: >= 0 } facts)
        {
            var verified = cluster.Transactions.VerifyProduce(transactionalId, facts.ProducerId, facts.ProducerEpoch, topic, data.Index);
            if (verified != ErrorCode.None)
            {
                return Failed(verified);
            }
        }

        return partition.AppendAsync(context.BrokerId, records, request.Acks, request.TimeoutMs, context.ApiVersion);
    }

    private static ValueTask<PartitionProduceResult> Failed(ErrorCode error) => new(PartitionProduceResult.Failed(error));

    private static ProduceResponse.PartitionProduceResponse ToResponse(
        RequestContext context,
        string topic,
        int index,
        in PartitionProduceResult result,
        ProduceResponse response)
    {
        var answer = new ProduceResponse.PartitionProduceResponse
        {
            Index = index,
            ErrorCode = (short)result.Error,
            BaseOffset = result.BaseOffset,
            LogAppendTimeMs = result.LogAppendTimeMs,
            LogStartOffset = result.LogStartOffset,
        };
        if (result.Error == ErrorCode.NotLeaderOrFollower && context.ApiVersion >= 10
            && context.Cluster.FindPartition(topic, index) is { } partition)
        {
            int leader, epoch;
            lock (partition.SyncRoot)
            {
                leader = partition.LeaderId;
                epoch = partition.LeaderEpoch;
            }

            if (leader >= 0 && context.Cluster.Brokers[leader] is { IsUp: true } broker)
            {
                answer.CurrentLeader = new ProduceResponse.LeaderIdAndEpoch { LeaderId = leader, LeaderEpoch = epoch };
                if (!response.NodeEndpoints.Exists(e => e.NodeId == leader))
                {
                    response.NodeEndpoints.Add(new ProduceResponse.NodeEndpoint { NodeId = leader, Host = broker.Host, Port = broker.Port });
                }
            }
        }

        return answer;
    }
}
