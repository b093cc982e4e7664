using Brook.Cluster.Model;
using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Network;

/// <summary>Everything a handler needs about one request besides its body.</summary>
/// <param name="Cluster">The cluster core.</param>
/// <param name="BrokerId">Broker that received the request.</param>
/// <param name="ConnectionId">Connection it came on.</param>
/// <param name="ApiKey">API key.</param>
/// <param name="ApiVersion">API version.</param>
/// <param name="CorrelationId">Correlation id.</param>
/// <param name="InjectedError">A queued fault's error to answer with instead of handling, or None.</param>
internal sealed record RequestContext(
    ClusterState Cluster,
    int BrokerId,
    long ConnectionId,
    ApiKey ApiKey,
    short ApiVersion,
    int CorrelationId,
    ErrorCode InjectedError)
{
    /// <summary>Client id from the request header, or null.</summary>
    public string? ClientId { get; init; }

    /// <summary>The peer's host in Kafka's form ("/127.0.0.1"), or empty.</summary>
    public string ClientHost { get; init; } = string.Empty;
}
