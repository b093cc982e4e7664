using Brook.Producer.Network;
using Brook.Protocol;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Network log events (category <see cref="LogCategories.Network"/>): connections and ApiVersions.</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(EventId = LogEvents.Connected, EventName = nameof(LogEvents.Connected), Level = LogLevel.Information,
        Message = "Connected to broker {Broker}")]
    public static partial void Connected(ILogger logger, BrokerNode broker);

    [LoggerMessage(EventId = LogEvents.ApiVersionsNegotiated, EventName = nameof(LogEvents.ApiVersionsNegotiated), Level = LogLevel.Debug,
        Message = "Negotiated API versions with broker {Broker}: Produce v{ProduceVersion}, Metadata v{MetadataVersion}, InitProducerId v{InitProducerIdVersion}")]
    public static partial void ApiVersionsNegotiated(ILogger logger, BrokerNode broker, short produceVersion, short metadataVersion, short initProducerIdVersion);

    [LoggerMessage(EventId = LogEvents.ConnectFailed, EventName = nameof(LogEvents.ConnectFailed), Level = LogLevel.Warning,
        Message = "Connecting to broker {Broker} failed ({Failures} consecutive); next attempt in {ReconnectBackoffMs} ms: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, BrokerNode broker, int failures, long reconnectBackoffMs, string reason);

    [LoggerMessage(EventId = LogEvents.Disconnected, EventName = nameof(LogEvents.Disconnected), Level = LogLevel.Information,
        Message = "Disconnected from broker {Broker}; reconnect allowed in {ReconnectBackoffMs} ms: {Reason}")]
    public static partial void Disconnected(ILogger logger, BrokerNode broker, long reconnectBackoffMs, string reason);

    /// <summary>Logs the negotiated versions of a ready connection (nothing is computed unless Debug is on).</summary>
    public static void Negotiated(ILogger logger, BrokerConnection connection)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var versions = connection.Versions;
        ApiVersionsNegotiated(logger, connection.Node, VersionOf(versions, ApiKey.Produce), VersionOf(versions, ApiKey.Metadata), VersionOf(versions, ApiKey.InitProducerId));
    }

    /// <summary>Milliseconds from now until <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp), at least 0.</summary>
    public static long MsUntil(TimeProvider time, long timestamp) => Math.Max(0, (timestamp - time.GetTimestamp()) * 1000 / time.TimestampFrequency);

    private static short VersionOf(ApiVersionTable versions, ApiKey key) => versions.TryGetVersion(key, out var version) ? version : (short)-1;
}
