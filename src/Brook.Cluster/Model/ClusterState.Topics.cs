namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    /// <summary>Kafka's topic name limit.</summary>
    private const int MaxTopicNameLength = 249;

    /// <summary>
    /// Creates a topic with replicas placed like Kafka's rack-unaware assignment. Omitted values come from the
    /// options (num.partitions, default replication factor capped at the broker count, default topic config).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid name, size or config.</exception>
    /// <exception cref="InvalidOperationException">The topic exists.</exception>
    public TopicState CreateTopic(string name, int? partitions = null, int? replicationFactor = null, TopicConfig? config = null)
    {
        ValidateTopicName(name);
        config ??= Options.DefaultTopicConfig;
        config.Validate();
        lock (_adminLock)
        {
            if (_topics.ContainsKey(name))
            {
                throw new InvalidOperationException($"Topic '{name}' already exists.");
            }

            var rf = replicationFactor ?? Math.Min(Options.DefaultReplicationFactor, Brokers.Length);
            var n = Brokers.Length;
            var assignment = ReplicaAssignment.Assign(partitions ?? Options.DefaultPartitions, rf, n, _random.Next(n), _random.Next(n));
            var topic = new TopicState(this, name, NewTopicId(), config, assignment);
            _topicsById[topic.Id] = topic;
            _topics[name] = topic;
            return topic;
        }
    }

    /// <summary>
    /// The topic, auto-created with the defaults when <see cref="EmbeddedClusterOptions.AutoCreateTopics"/> is on;
    /// null when it does not exist and may not be created.
    /// </summary>
    public TopicState? GetOrAutoCreateTopic(string name)
    {
        if (_topics.TryGetValue(name, out var topic))
        {
            return topic;
        }

        if (!Options.AutoCreateTopics || !IsValidTopicName(name))
        {
            return null;
        }

        lock (_adminLock)
        {
            return _topics.TryGetValue(name, out topic) ? topic : CreateTopic(name);
        }
    }

    /// <summary>True for 1–249 characters of [a-zA-Z0-9._-], other than "." and "..".</summary>
    public static bool IsValidTopicName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxTopicNameLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateTopicName(string name)
    {
        if (!IsValidTopicName(name))
        {
            throw new ArgumentException(
                $"Invalid topic name '{name}': use 1 to {MaxTopicNameLength} characters from [a-zA-Z0-9._-], not '.' or '..'.",
                nameof(name));
        }
    }

    private Guid NewTopicId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid id;
        do
        {
            _random.NextBytes(bytes);
            id = new Guid(bytes, bigEndian: true);
        }
        while (id == Guid.Empty);
        return id;
    }
}
