using Brook.Producer.Metadata;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>
/// Listens to <see cref="MetadataManager.Updated"/> and logs each refresh and every partition whose leader or leader
/// epoch moved since the previous view. Compares views only when the level is enabled, so it costs one check per
/// update otherwise. Updates are published one at a time by the sender loop, so the previous view needs no lock.
/// </summary>
internal sealed class MetadataChangeLogger
{
    private readonly ILogger _logger;
    private ClusterView _previous = ClusterView.Empty;

    /// <summary>Subscribes to <paramref name="metadata"/>.</summary>
    public MetadataChangeLogger(MetadataManager metadata, ILogger logger)
    {
        _logger = logger;
        _previous = metadata.Current;
        metadata.Updated += OnUpdated;
    }

    /// <summary>Logs the difference between the last view seen and <paramref name="view"/>.</summary>
    public void OnUpdated(ClusterView view)
    {
        var previous = _previous;
        _previous = view;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            MetadataLog.MetadataRefreshed(_logger, view.Brokers.Count, view.Topics.Count, view.ControllerId, view.ClusterId);
        }

        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var (name, topic) in view.Topics)
        {
            if (!previous.Topics.TryGetValue(name, out var old))
            {
                continue; // a topic seen for the first time has no leader to change from
            }

            var count = Math.Min(old.PartitionCount, topic.PartitionCount);
            for (var p = 0; p < count; p++)
            {
                var before = old.Partitions[p];
                var after = topic.Partitions[p];
                if (before.LeaderId != after.LeaderId || (after.LeaderEpoch > before.LeaderEpoch && before.LeaderEpoch >= 0))
                {
                    MetadataLog.LeaderChanged(_logger, name, p, before.LeaderId, after.LeaderId, before.LeaderEpoch, after.LeaderEpoch);
                }
            }
        }
    }
}
