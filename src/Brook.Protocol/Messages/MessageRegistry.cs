using System.Collections.Frozen;

namespace Brook.Protocol.Messages;

/// <summary>
/// Every generated request and response (the list is generated into MessageRegistry.g.cs), looked up by API key.
/// </summary>
public static partial class MessageRegistry
{
    private static readonly MessageInfo[] AllMessages = CreateAll();

    private static readonly FrozenDictionary<ApiKey, MessageInfo> Requests =
        AllMessages.Where(m => m.IsRequest).ToFrozenDictionary(m => m.Key);

    private static readonly FrozenDictionary<ApiKey, MessageInfo> Responses =
        AllMessages.Where(m => !m.IsRequest).ToFrozenDictionary(m => m.Key);

    /// <summary>Every generated request and response, ordered by API key, request first.</summary>
    public static IReadOnlyList<MessageInfo> All => AllMessages;

    /// <summary>Finds the request definition of <paramref name="key"/>.</summary>
    public static bool TryGetRequest(ApiKey key, out MessageInfo info) => Requests.TryGetValue(key, out info!);

    /// <summary>Finds the response definition of <paramref name="key"/>.</summary>
    public static bool TryGetResponse(ApiKey key, out MessageInfo info) => Responses.TryGetValue(key, out info!);
}
