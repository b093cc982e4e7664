namespace Brook.Producer.Network;

/// <summary>The real connection layer behind the sender.</summary>
internal sealed partial class NetworkClient : ISenderTransport
{
    /// <inheritdoc />
    /// <remarks>A connection frames every request into its send buffer inside <c>SendAsync</c>, under its send lock.</remarks>
    public bool FramesRequestsOnSend => true;
}
