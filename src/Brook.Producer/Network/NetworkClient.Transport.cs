using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>The real connection layer behind the sender.</summary>
internal sealed partial class NetworkClient : ISenderTransport
{
    /// <inheritdoc />
    /// <remarks>A connection frames every request into its send buffer inside <c>SendAsync</c>, under its send lock.</remarks>
    public bool FramesRequestsOnSend => true;

    /// <inheritdoc />
    /// <remarks>Produce responses go back to the decoder's pool (<see cref="ResponseDecoder.Return"/>); others are dropped.</remarks>
    public void Release(IApiResponse response)
    {
        if (response is ProduceResponse produce)
        {
            ResponseDecoder.Return(produce);
        }
    }
}
