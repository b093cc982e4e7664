namespace Brook.Cluster.Faults;

/// <summary>
/// Queue of request-level faults and latency settings the network layer consults per request (and per partition
/// for Produce). Matching is in insertion order; a fault with a count is consumed by each match. When nothing is
/// queued the check is one volatile read, so the produce hot path pays nothing.
/// </summary>
internal sealed class RequestFaults
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _queue = [];
    private readonly Dictionary<int, (int LatencyMs, int JitterMs)> _brokerLatency = [];
    private readonly Dictionary<short, (int LatencyMs, int JitterMs)> _apiLatency = [];
    private readonly Dictionary<short, short> _maxVersions = [];
    private Random _jitter = new(0);
    private volatile int _queued;
    private volatile bool _anyLatency;

    /// <summary>Number of queued faults.</summary>
    public int Count => _queued;

    /// <summary>Queues a fault after validating it.</summary>
    public void Add(RequestFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        lock (_lock)
        {
            _queue.Add(new Entry(fault, fault.Count));
            _queued = _queue.Count;
        }
    }

    /// <summary>Removes every queued fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
            _queued = 0;
        }
    }

    /// <summary>
    /// Takes the first queued fault matching a request of <paramref name="apiKey"/> on <paramref name="brokerId"/>.
    /// With <paramref name="topic"/> null only request-level faults (no topic filter) match; with a topic and
    /// partition, only faults naming that topic (and that partition or none).
    /// </summary>
    public bool TryTake(short apiKey, int brokerId, string? topic, int partition, out RequestFault fault)
    {
        fault = null!;
        if (_queued == 0)
        {
            return false;
        }

        lock (_lock)
        {
            for (var i = 0; i < _queue.Count; i++)
            {
                var entry = _queue[i];
                var f = entry.Fault;
                if (f.ApiKey != apiKey
                    || (f.BrokerId is { } b && b != brokerId)
                    || !string.Equals(f.Topic, topic, StringComparison.Ordinal)
                    || (f.Partition is { } p && p != partition))
                {
                    continue;
                }

                if (entry.Remaining > 0 && --entry.Remaining == 0)
                {
                    _queue.RemoveAt(i);
                    _queued = _queue.Count;
                }

                fault = f;
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds latency (plus up to <paramref name="jitterMs"/> of seeded jitter) to every response of a broker; 0 removes it.</summary>
    public void SetBrokerLatency(int brokerId, int latencyMs, int jitterMs = 0)
    {
        ValidateLatency(latencyMs, jitterMs);
        lock (_lock)
        {
            _brokerLatency[brokerId] = (latencyMs, jitterMs);
            _anyLatency = true;
        }
    }

    /// <summary>Adds latency (plus seeded jitter) to every response of one API key; 0 removes it.</summary>
    public void SetApiLatency(short apiKey, int latencyMs, int jitterMs = 0)
    {
        ValidateLatency(latencyMs, jitterMs);
        lock (_lock)
        {
            _apiLatency[apiKey] = (latencyMs, jitterMs);
            _anyLatency = true;
        }
    }

    /// <summary>Reseeds the latency jitter (the cluster seeds it from its options).</summary>
    public void SeedJitter(int seed)
    {
        lock (_lock)
        {
            _jitter = new Random(seed);
        }
    }

    /// <summary>Latency to add to a response of <paramref name="apiKey"/> from <paramref name="brokerId"/>, in ms.</summary>
    public int LatencyMs(int brokerId, short apiKey)
    {
        if (!_anyLatency)
        {
            return 0;
        }

        lock (_lock)
        {
            var total = 0;
            if (_brokerLatency.TryGetValue(brokerId, out var b))
            {
                total += b.LatencyMs + (b.JitterMs > 0 ? _jitter.Next(b.JitterMs + 1) : 0);
            }

            if (_apiLatency.TryGetValue(apiKey, out var a))
            {
                total += a.LatencyMs + (a.JitterMs > 0 ? _jitter.Next(a.JitterMs + 1) : 0);
            }

            return total;
        }
    }

    /// <summary>Caps the version the cluster advertises and accepts for an API key (emulates an older broker).</summary>
    public void CapVersion(short apiKey, short maxVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxVersion);
        lock (_lock)
        {
            _maxVersions[apiKey] = maxVersion;
        }
    }

    /// <summary>The cap set by <see cref="CapVersion"/>, or <paramref name="supportedMax"/> when none is lower.</summary>
    public short MaxVersion(short apiKey, short supportedMax)
    {
        lock (_lock)
        {
            return _maxVersions.TryGetValue(apiKey, out var cap) && cap < supportedMax ? cap : supportedMax;
        }
    }

    private static void ValidateLatency(int latencyMs, int jitterMs)
    {
        if (latencyMs < 0 || jitterMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(latencyMs), $"Latency and jitter must be 0 or more (got {latencyMs} ms, {jitterMs} ms).");
        }
    }

    private sealed class Entry(RequestFault fault, int remaining)
    {
        public RequestFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
