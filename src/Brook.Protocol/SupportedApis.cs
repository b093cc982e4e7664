using System.Collections.Frozen;

namespace Brook.Protocol;

/// <summary>
/// The API versions Brook speaks (protocol.md §7, column "Brook.Cluster advertises"), with each API's first flexible version.
/// Both the producer (to cap negotiated versions) and the cluster (to fill ApiVersions) read this table.
/// </summary>
public static class SupportedApis
{
    private static readonly ApiVersionRange[] Ranges =
    [
        Row(ApiKey.ApiVersions, 0, 4, 3),
        Row(ApiKey.Metadata, 0, 12, 9),
        new(ApiKey.Produce, 0, 11, 9, MinAcceptedVersion: 3, Optional: false),
        Row(ApiKey.InitProducerId, 0, 4, 2),
        Row(ApiKey.FindCoordinator, 0, 4, 3),
        Row(ApiKey.AddPartitionsToTxn, 0, 3, 3),
        Row(ApiKey.AddOffsetsToTxn, 0, 3, 3),
        Row(ApiKey.TxnOffsetCommit, 0, 3, 3),
        Row(ApiKey.EndTxn, 0, 4, 3),
        Row(ApiKey.Fetch, 4, 12, 12),
        Row(ApiKey.ListOffsets, 1, 7, 6),
        Row(ApiKey.OffsetForLeaderEpoch, 2, 4, 4),
        Row(ApiKey.OffsetCommit, 2, 9, 8),
        Row(ApiKey.OffsetFetch, 1, 8, 6),
        Row(ApiKey.JoinGroup, 0, 9, 6),
        Row(ApiKey.SyncGroup, 0, 5, 4),
        Row(ApiKey.Heartbeat, 0, 4, 4),
        Row(ApiKey.LeaveGroup, 0, 5, 4),
        Row(ApiKey.CreateTopics, 0, 7, 5),
        Row(ApiKey.DescribeGroups, 0, 5, 5, optional: true),
        Row(ApiKey.ListGroups, 0, 5, 3, optional: true),
        Row(ApiKey.DeleteTopics, 0, 6, 4, optional: true),
        Row(ApiKey.DescribeConfigs, 0, 4, 4, optional: true),
        Row(ApiKey.DescribeCluster, 0, 1, 0, optional: true),
        Row(ApiKey.DescribeProducers, 0, 0, 0, optional: true),
        Row(ApiKey.DescribeTransactions, 0, 0, 0, optional: true),
        Row(ApiKey.ListTransactions, 0, 1, 0, optional: true),
    ];

    private static readonly FrozenDictionary<ApiKey, ApiVersionRange> ByKey = Ranges.ToFrozenDictionary(r => r.Key);

    /// <summary>Every supported API, core ones first.</summary>
    public static IReadOnlyList<ApiVersionRange> All => Ranges;

    /// <summary>Looks up an API's range; false for APIs Brook does not speak.</summary>
    public static bool TryGet(ApiKey key, out ApiVersionRange range) => ByKey.TryGetValue(key, out range);

    /// <summary>Looks up an API's range or throws naming the unsupported key.</summary>
    public static ApiVersionRange Get(ApiKey key) =>
        ByKey.TryGetValue(key, out var range)
            ? range
            : throw new ArgumentOutOfRangeException(nameof(key), key, $"Brook does not support API key {(short)key}; see SupportedApis.All for the supported set.");

    private static ApiVersionRange Row(ApiKey key, short min, short max, short flexibleFrom, bool optional = false) =>
        new(key, min, max, flexibleFrom, min, optional);
}
