using Brook.Protocol.Messages;

namespace Brook.Cluster.Network;

/// <summary>A handler's answer: a response to write, or no response, or a close.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Response">The response body for <see cref="ResponseAction.Respond"/>.</param>
/// <param name="Request">The decoded request, for the history (Produce records are detached first: they point into
/// the connection's receive buffer).</param>
internal readonly record struct HandlerResult(ResponseAction Action, IApiResponse? Response, IApiRequest? Request = null)
{
    /// <summary>Close the connection without answering.</summary>
    public static HandlerResult Close => new(ResponseAction.Close, null);

    /// <summary>Answer with <paramref name="response"/>.</summary>
    public static HandlerResult Respond(IApiResponse response, IApiRequest request) => new(ResponseAction.Respond, response, request);
}
