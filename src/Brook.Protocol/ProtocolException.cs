namespace Brook.Protocol;

/// <summary>
/// Thrown when bytes on the wire do not form a valid Kafka frame, message or record batch:
/// a bad length, a varint that runs too long, a failed CRC, an unknown API version.
/// Decoders throw only this type for malformed input; a connection that sees it is closed.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the failure that revealed the corruption.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProtocolException()
        : base("Malformed Kafka protocol data.")
    {
    }
}
