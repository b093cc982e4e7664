using System.Net;

namespace Brook.Producer.Network;

/// <summary>Resolves a host name to its addresses (Dns.GetHostAddressesAsync by default; tests substitute their own).</summary>
/// <param name="host">The host name or IP literal.</param>
/// <param name="cancellationToken">Cancels the lookup.</param>
/// <returns>The addresses, tried in order.</returns>
internal delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

/// <summary>
/// The settings the network layer reads, taken once from validated <see cref="ProducerOptions"/>
/// (each property names its Kafka key).
/// </summary>
internal sealed record NetworkSettings
{
    /// <summary>client.id, written in every request header.</summary>
    public string ClientId { get; init; } = string.Empty;

    /// <summary>request.timeout.ms: a request without a response by then closes its connection.</summary>
    public int RequestTimeoutMs { get; init; } = 30000;

    /// <summary>max.in.flight.requests.per.connection.</summary>
    public int MaxInFlightRequestsPerConnection { get; init; } = 5;

    /// <summary>connections.max.idle.ms: a connection with nothing in flight for this long is closed.</summary>
    public long ConnectionsMaxIdleMs { get; init; } = 540000;

    /// <summary>socket.connection.setup.timeout.ms (first attempt).</summary>
    public long SocketConnectionSetupTimeoutMs { get; init; } = 10000;

    /// <summary>socket.connection.setup.timeout.max.ms.</summary>
    public long SocketConnectionSetupTimeoutMaxMs { get; init; } = 30000;

    /// <summary>reconnect.backoff.ms.</summary>
    public long ReconnectBackoffMs { get; init; } = 50;

    /// <summary>reconnect.backoff.max.ms.</summary>
    public long ReconnectBackoffMaxMs { get; init; } = 1000;

    /// <summary>send.buffer.bytes (-1: OS default).</summary>
    public int SendBufferBytes { get; init; } = 131072;

    /// <summary>receive.buffer.bytes (-1: OS default).</summary>
    public int ReceiveBufferBytes { get; init; } = 32768;

    /// <summary>client.dns.lookup.</summary>
    public ClientDnsLookup ClientDnsLookup { get; init; } = ClientDnsLookup.UseAllDnsIps;

    /// <summary>Largest response frame accepted (Kafka's socket.request.max.bytes default).</summary>
    public int MaxResponseSize { get; init; } = Brook.Protocol.Framing.FrameReader.DefaultMaxFrameSize;

    /// <summary>The clock for timeouts, backoff and idle checks.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where connection events are logged (<see cref="Diagnostics.NetworkLog"/>).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Host resolution.</summary>
    public HostResolver Resolver { get; init; } = static (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    /// <summary>ClientSoftwareName sent in ApiVersions v3+.</summary>
    public string SoftwareName { get; init; } = "brook";

    /// <summary>ClientSoftwareVersion sent in ApiVersions v3+ (must match [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?).</summary>
    public string SoftwareVersion { get; init; } = SoftwareVersionOf(typeof(NetworkSettings).Assembly.GetName().Version);

    /// <summary>Copies the network keys out of validated producer options.</summary>
    public static NetworkSettings From(ProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NetworkSettings
        {
            ClientId = options.ClientId,
            RequestTimeoutMs = options.RequestTimeoutMs,
            MaxInFlightRequestsPerConnection = options.MaxInFlightRequestsPerConnection,
            ConnectionsMaxIdleMs = options.ConnectionsMaxIdleMs,
            SocketConnectionSetupTimeoutMs = options.SocketConnectionSetupTimeoutMs,
            SocketConnectionSetupTimeoutMaxMs = options.SocketConnectionSetupTimeoutMaxMs,
            ReconnectBackoffMs = options.ReconnectBackoffMs,
            ReconnectBackoffMaxMs = options.ReconnectBackoffMaxMs,
            SendBufferBytes = options.SendBufferBytes,
            ReceiveBufferBytes = options.ReceiveBufferBytes,
            ClientDnsLookup = options.ClientDnsLookup,
            TimeProvider = options.TimeProvider,
            Logger = options.LoggerFactory.CreateLogger(Diagnostics.LogCategories.Network),
        };
    }

    private static string SoftwareVersionOf(Version? version) =>
        version is null ? "0.0.0" : $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
}
