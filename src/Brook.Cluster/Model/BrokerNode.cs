namespace Brook.Cluster.Model;

/// <summary>One broker of the cluster: its id, listener address and liveness. Fields change under the cluster's admin lock.</summary>
internal sealed class BrokerNode(int id)
{
    private volatile bool _isUp = true;

    /// <summary>Broker id (node id), 0..N-1.</summary>
    public int Id { get; } = id;

    /// <summary>Listener host; always loopback.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>Listener port once bound; 0 before.</summary>
    public int Port { get; set; }

    /// <summary>False while the broker is down: it serves nothing and replicates nothing.</summary>
    public bool IsUp
    {
        get => _isUp;
        set => _isUp = value;
    }
}
