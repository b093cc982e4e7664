using System.Globalization;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// The API versions negotiated on one connection (protocol.md §5 step 3): for each API Brook speaks,
/// <c>min(brookMax, brokerMax)</c> when the ranges overlap, else unavailable. Immutable once built.
/// </summary>
internal sealed class ApiVersionTable
{
    private const int Slots = 128;
    private readonly short[] _chosen;
    private readonly short[] _brokerMin;
    private readonly short[] _brokerMax;

    private ApiVersionTable(short[] chosen, short[] brokerMin, short[] brokerMax)
    {
        _chosen = chosen;
        _brokerMin = brokerMin;
        _brokerMax = brokerMax;
    }

    /// <summary>Builds the table from a broker's ApiVersions response keys.</summary>
    public static ApiVersionTable Negotiate(IReadOnlyList<ApiVersionsResponse.ApiVersion> brokerKeys)
    {
        ArgumentNullException.ThrowIfNull(brokerKeys);
        var chosen = new short[Slots];
        var brokerMin = new short[Slots];
        var brokerMax = new short[Slots];
        chosen.AsSpan().Fill(-1);
        brokerMin.AsSpan().Fill(-1);
        brokerMax.AsSpan().Fill(-1);
        foreach (var entry in brokerKeys)
        {
            if ((uint)entry.ApiKey >= Slots)
            {
                continue;
            }

            brokerMin[entry.ApiKey] = entry.MinVersion;
            brokerMax[entry.ApiKey] = entry.MaxVersion;
            if (!SupportedApis.TryGet((ApiKey)entry.ApiKey, out var ours))
            {
                continue;
            }

            var low = Math.Max(ours.MinAcceptedVersion, entry.MinVersion);
            var high = Math.Min(ours.MaxVersion, entry.MaxVersion);
            if (low <= high)
            {
                chosen[entry.ApiKey] = high;
            }
        }

        return new ApiVersionTable(chosen, brokerMin, brokerMax);
    }

    /// <summary>The negotiated version of <paramref name="key"/>, or false when the broker and Brook share none.</summary>
    public bool TryGetVersion(ApiKey key, out short version)
    {
        version = (uint)key < Slots ? _chosen[(int)key] : (short)-1;
        return version >= 0;
    }

    /// <summary>
    /// The negotiated version of <paramref name="key"/>; throws a fatal UNSUPPORTED_VERSION naming both ranges when the
    /// broker and Brook share none (e.g. a broker whose Produce stops below v3).
    /// </summary>
    public short GetVersion(ApiKey key, BrokerNode node)
    {
        if (TryGetVersion(key, out var version))
        {
            return version;
        }

        var ours = SupportedApis.TryGet(key, out var range)
            ? string.Create(CultureInfo.InvariantCulture, $"{range.MinAcceptedVersion}-{range.MaxVersion}")
            : "none";
        var theirs = (uint)key < Slots && _brokerMax[(int)key] >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{_brokerMin[(int)key]}-{_brokerMax[(int)key]}")
            : "not offered";
        throw new FatalException(
            ErrorCode.UnsupportedVersion,
            $"UNSUPPORTED_VERSION: broker {node} supports {key} versions {theirs}, Brook needs {ours}. Upgrade the broker (Kafka 0.11+ for Produce v3) or point bootstrap.servers at a newer cluster.");
    }
}
