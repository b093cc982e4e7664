namespace Brook.Producer;

/// <summary>How broker host names are resolved (Kafka key <c>client.dns.lookup</c>).</summary>
public enum ClientDnsLookup
{
    /// <summary><c>use_all_dns_ips</c>: try every resolved address in turn (the default).</summary>
    UseAllDnsIps = 0,

    /// <summary><c>resolve_canonical_bootstrap_servers_only</c>: expand bootstrap names to canonical names first.</summary>
    ResolveCanonicalBootstrapServersOnly = 1,
}
