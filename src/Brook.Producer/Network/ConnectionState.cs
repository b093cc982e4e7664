namespace Brook.Producer.Network;

/// <summary>Life cycle of a <see cref="BrokerConnection"/>; it only moves forward.</summary>
internal enum ConnectionState
{
    /// <summary>Resolving the host and opening the TCP socket.</summary>
    Connecting = 0,

    /// <summary>Socket open, ApiVersions exchange in progress; only the handshake may send.</summary>
    Handshaking = 1,

    /// <summary>Versions negotiated; requests may be sent.</summary>
    Ready = 2,

    /// <summary>Closed for good; every in-flight request has failed. A new connection replaces it.</summary>
    Closed = 3,
}
