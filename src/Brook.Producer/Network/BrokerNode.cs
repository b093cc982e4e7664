using System.Globalization;

namespace Brook.Producer.Network;

/// <summary>
/// One broker address: a node id (negative for bootstrap entries, as in Java's NetworkClient, so they never clash with
/// real broker ids), host, port and rack.
/// </summary>
/// <param name="NodeId">Broker id from metadata, or -1, -2, ... for the n-th bootstrap server.</param>
/// <param name="Host">Host name or IP literal.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Rack">Rack from metadata, if any.</param>
internal readonly record struct BrokerNode(int NodeId, string Host, int Port, string? Rack = null)
{
    /// <summary>True for an entry from bootstrap.servers rather than from a Metadata response.</summary>
    public bool IsBootstrap => NodeId < 0;

    /// <summary>Formats as <c>host:port (id N)</c> for error messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port} (node {NodeId})");

    /// <summary>
    /// Parses a bootstrap.servers list (<c>host:port,host2:port</c>, IPv6 as <c>[::1]:9092</c>) into nodes -1, -2, ...
    /// </summary>
    public static IReadOnlyList<BrokerNode> ParseBootstrap(string servers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(servers);
        var result = new List<BrokerNode>();
        foreach (var raw in servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = raw.LastIndexOf(':');
            var host = colon > 0 ? raw[..colon] : string.Empty;
            if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
            {
                host = host[1..^1];
            }

            if (host.Length == 0
                || !int.TryParse(raw.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw new ArgumentException(
                    $"bootstrap.servers entry '{raw}' is not host:port with a port in 1..65535; write e.g. 'localhost:9092'.",
                    nameof(servers));
            }

            result.Add(new BrokerNode(-(result.Count + 1), host, port));
        }

        return result;
    }
}
