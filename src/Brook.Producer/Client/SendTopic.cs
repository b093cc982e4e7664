using Brook.Producer.Accumulator;
using Brook.Producer.Metadata;

namespace Brook.Producer;

/// <summary>
/// What the send path needs about the topic it last sent to, looked up once per metadata view: its metadata (from
/// <see cref="View"/>) and its accumulator state. Consecutive sends to one topic check it with a reference compare
/// instead of three dictionary lookups (metadata usage, metadata view, accumulator topics). Immutable but for
/// <see cref="TouchedMs"/>; replaced when the topic or the view changes.
/// </summary>
internal sealed class SendTopic(string topic, ClusterView view, TopicMetadata metadata, TopicState state)
{
    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>The metadata view <see cref="Metadata"/> came from; a newer view invalidates this entry.</summary>
    public ClusterView View { get; } = view;

    /// <summary>The topic's metadata (usable).</summary>
    public TopicMetadata Metadata { get; } = metadata;

    /// <summary>The topic's accumulator state.</summary>
    public TopicState State { get; } = state;

    /// <summary>
    /// Wall-clock milliseconds of the last time the send path marked the topic as used in the metadata manager (for
    /// metadata.max.idle.ms); a benign race between sending threads only makes one of them mark it again.
    /// </summary>
    public long TouchedMs { get; set; } = long.MinValue;

    /// <summary>True when this entry serves <paramref name="topic"/> under <paramref name="current"/>.</summary>
    public bool Matches(string topic, ClusterView current) =>
        ReferenceEquals(View, current) && (ReferenceEquals(Topic, topic) || string.Equals(Topic, topic, StringComparison.Ordinal));
}
