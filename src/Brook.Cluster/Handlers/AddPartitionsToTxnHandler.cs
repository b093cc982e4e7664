using Brook.Cluster.Network;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// AddPartitionsToTxn: v0-3 (client form; v4's batched broker form is not advertised). Per-partition results from
/// <see cref="TransactionCoordinator.AddPartitions"/> (broker-semantics.md §5). PRODUCER_FENCED is answered as
/// INVALID_PRODUCER_EPOCH below v2.
/// </summary>
internal static class AddPartitionsToTxnHandler
{
    /// <summary>Answers one AddPartitionsToTxn request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = AddPartitionsToTxnRequest.Read(ref reader, context.ApiVersion);
        var partitions = new List<TransactionPartition>();
        foreach (var topic in request.Topics)
        {
            foreach (var p in topic.Partitions)
            {
                partitions.Add(new TransactionPartition(topic.Name, p));
            }
        }

        var errors = new List<ErrorCode>(partitions.Count);
        if (context.InjectedError != ErrorCode.None)
        {
            errors.AddRange(Enumerable.Repeat(context.InjectedError, partitions.Count));
        }
        else
        {
            context.Cluster.Transactions.AddPartitions(request.TransactionalId, request.ProducerId, request.ProducerEpoch, partitions, context.BrokerId, errors);
        }

        var response = new AddPartitionsToTxnResponse();
        var i = 0;
        foreach (var topic in request.Topics)
        {
            var result = new AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                var error = errors[i++];
                if (error == ErrorCode.ProducerFenced && context.ApiVersion < 2)
                {
                    error = ErrorCode.InvalidProducerEpoch;
                }

                result.ResultsByPartition.Add(new AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult { PartitionIndex = p, PartitionErrorCode = (short)error });
            }

            response.Results.Add(result);
        }

        return HandlerResult.Respond(response, request);
    }
}
