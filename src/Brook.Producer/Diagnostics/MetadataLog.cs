using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Metadata log events (category <see cref="LogCategories.Metadata"/>): refreshes and leader changes.</summary>
internal static partial class MetadataLog
{
    [LoggerMessage(EventId = LogEvents.MetadataRefreshed, EventName = nameof(LogEvents.MetadataRefreshed), Level = LogLevel.Debug,
        Message = "Metadata updated: {BrokerCount} broker(s), {TopicCount} topic(s), controller {ControllerId}, cluster {ClusterId}")]
    public static partial void MetadataRefreshed(ILogger logger, int brokerCount, int topicCount, int controllerId, string? clusterId);

    [LoggerMessage(EventId = LogEvents.LeaderChanged, EventName = nameof(LogEvents.LeaderChanged), Level = LogLevel.Information,
        Message = "Leader of {Topic}-{Partition} changed from {OldLeader} to {NewLeader} (leader epoch {OldEpoch} -> {NewEpoch}); -1 means no leader")]
    public static partial void LeaderChanged(ILogger logger, string topic, int partition, int oldLeader, int newLeader, int oldEpoch, int newEpoch);

    [LoggerMessage(EventId = LogEvents.MetadataRefreshFailed, EventName = nameof(LogEvents.MetadataRefreshFailed), Level = LogLevel.Warning,
        Message = "Metadata request failed ({Failures} consecutive); retrying after backoff: {Reason}")]
    public static partial void MetadataRefreshFailed(ILogger logger, int failures, string reason);
}
