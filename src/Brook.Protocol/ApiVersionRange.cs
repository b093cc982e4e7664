namespace Brook.Protocol;

/// <summary>One API's version range as Brook supports it (protocol.md §7).</summary>
/// <param name="Key">The API.</param>
/// <param name="MinVersion">Lowest version advertised in ApiVersions.</param>
/// <param name="MaxVersion">Highest version advertised in ApiVersions.</param>
/// <param name="FlexibleFrom">First flexible version (KIP-482), or -1 when no version is flexible.</param>
/// <param name="MinAcceptedVersion">
/// Lowest version actually served; above <paramref name="MinVersion"/> only for Produce, advertised 0-11 but served 3-11
/// (protocol.md §12 trap 1).
/// </param>
/// <param name="Optional">True for the "nice to have" APIs a component advertises only once it implements them.</param>
public readonly record struct ApiVersionRange(
    ApiKey Key,
    short MinVersion,
    short MaxVersion,
    short FlexibleFrom,
    short MinAcceptedVersion,
    bool Optional)
{
    /// <summary>True when <paramref name="version"/> is in the advertised range.</summary>
    public bool IsAdvertised(short version) => version >= MinVersion && version <= MaxVersion;

    /// <summary>True when <paramref name="version"/> is served (advertised and not below <see cref="MinAcceptedVersion"/>).</summary>
    public bool IsAccepted(short version) => version >= MinAcceptedVersion && version <= MaxVersion;

    /// <summary>True when <paramref name="version"/> uses compact encodings and tagged fields.</summary>
    public bool IsFlexible(short version) => FlexibleFrom >= 0 && version >= FlexibleFrom;
}
