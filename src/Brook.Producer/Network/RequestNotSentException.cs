using Brook.Protocol.Errors;

namespace Brook.Producer.Network;

/// <summary>
/// A request refused before any of its bytes were queued for the socket (no ready connection, or the connection was
/// closed or still in its handshake): it never reached the broker, so a batch in it is certainly not persisted. Any
/// other failure of a request that was queued (a disconnect, a request timeout) leaves that open, even when it arrives
/// before <c>SendAsync</c> returns: the calling thread writes the bytes itself, and another thread may close the
/// connection right after they went out.
/// </summary>
internal sealed class RequestNotSentException : KafkaException
{
    /// <summary>A NETWORK_EXCEPTION (retriable) with <paramref name="message"/>.</summary>
    public RequestNotSentException(string message, Exception? innerException = null)
        : base(ErrorCode.NetworkException, message, innerException)
    {
    }
}
