using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// DeleteTopics: v0-6, on any broker. v0-5 name topics; v6 names or topic ids (UNKNOWN_TOPIC_ID for an unknown id).
/// An unknown name is UNKNOWN_TOPIC_OR_PARTITION. Deletion is immediate (no pending-deletion window), and the
/// groups' committed offsets for the topic go with it.
/// </summary>
internal static class DeleteTopicsHandler
{
    /// <summary>Answers one DeleteTopics request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = DeleteTopicsRequest.Read(ref reader, context.ApiVersion);
        var response = new DeleteTopicsResponse();
        if (context.ApiVersion >= 6)
        {
            foreach (var t in request.Topics)
            {
                var name = t.Name;
                var error = ErrorCode.None;
                if (name is null && t.TopicId != Guid.Empty)
                {
                    if (context.Cluster.TryGetTopic(t.TopicId, out var byId))
                    {
                        name = byId.Name;
                    }
                    else
                    {
                        error = ErrorCode.UnknownTopicId;
                    }
                }

                var id = t.TopicId;
                if (error == ErrorCode.None && name is not null && id == Guid.Empty && context.Cluster.TryGetTopic(name, out var byName))
                {
                    id = byName.Id;
                }

                if (error == ErrorCode.None)
                {
                    error = Delete(context, name);
                }

                response.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult { Name = name, TopicId = id, ErrorCode = (short)error });
            }
        }
        else
        {
            foreach (var name in request.TopicNames)
            {
                response.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult { Name = name, ErrorCode = (short)Delete(context, name) });
            }
        }

        return HandlerResult.Respond(response, request);
    }

    private static ErrorCode Delete(RequestContext context, string? name)
    {
        if (context.InjectedError != ErrorCode.None)
        {
            return context.InjectedError;
        }

        return name is not null && context.Cluster.DeleteTopic(name) ? ErrorCode.None : ErrorCode.UnknownTopicOrPartition;
    }
}
