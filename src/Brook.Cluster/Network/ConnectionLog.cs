using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Network;

/// <summary>Log messages of the cluster's network layer (event ids 1000-1099).</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Broker {BrokerId} closes connection {ConnectionId}: malformed request ({Reason})")]
    public static partial void MalformedFrame(ILogger logger, int brokerId, long connectionId, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Broker {BrokerId} closes connection {ConnectionId}: {Reason}")]
    public static partial void Closing(ILogger logger, int brokerId, long connectionId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Broker {BrokerId} closes connection {ConnectionId}: the request failed")]
    public static partial void HandlerFailed(ILogger logger, int brokerId, long connectionId, Exception exception);
}
