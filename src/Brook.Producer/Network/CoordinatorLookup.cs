using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// FindCoordinator for one key, shared by the transaction manager and the reader's group member: the request in the
/// layout of the version it is sent at, and the one coordinator read back from either layout.
/// </summary>
internal static class CoordinatorLookup
{
    /// <summary>KeyType of a consumer group's coordinator.</summary>
    public const sbyte GroupKeyType = 0;

    /// <summary>KeyType of a transactional id's coordinator.</summary>
    public const sbyte TransactionKeyType = 1;

    /// <summary>The request for <paramref name="key"/>: v0-3 carry one Key, v4+ a CoordinatorKeys list (KIP-699).</summary>
    public static FindCoordinatorRequest Request(string key, sbyte keyType, short version) => version >= 4
        ? new FindCoordinatorRequest { KeyType = keyType, CoordinatorKeys = [key] }
        : new FindCoordinatorRequest { KeyType = keyType, Key = key };

    /// <summary>
    /// The answer for the single key asked: from the Coordinators list (v4+) when present, else the top-level fields
    /// (v0-3). <c>Node</c> is meaningful only when <c>Error</c> is <see cref="ErrorCode.None"/>.
    /// </summary>
    public static (ErrorCode Error, string? Message, BrokerNode Node) Read(FindCoordinatorResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Coordinators.Count > 0)
        {
            var c = response.Coordinators[0];
            return ((ErrorCode)c.ErrorCode, c.ErrorMessage, new BrokerNode(c.NodeId, c.Host, c.Port));
        }

        return ((ErrorCode)response.ErrorCode, response.ErrorMessage, new BrokerNode(response.NodeId, response.Host, response.Port));
    }
}
