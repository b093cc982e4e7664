namespace Brook.Protocol.Messages;

/// <summary>Registry entry for one generated request or response: its versions and factories, for dispatch and generic tests.</summary>
/// <param name="Key">The API.</param>
/// <param name="IsRequest">True for the request, false for the response.</param>
/// <param name="Name">Message name, e.g. ProduceRequest.</param>
/// <param name="LowestVersion">Lowest version in the definition.</param>
/// <param name="HighestVersion">Highest version in the definition.</param>
/// <param name="FlexibleFrom">First flexible version, or -1 when none is.</param>
/// <param name="LatestVersionUnstable">True when <paramref name="HighestVersion"/> is still in development and must not be advertised.</param>
/// <param name="Create">Creates an instance with every field at its default.</param>
/// <param name="Read">Decodes an instance.</param>
public sealed record MessageInfo(
    ApiKey Key,
    bool IsRequest,
    string Name,
    short LowestVersion,
    short HighestVersion,
    short FlexibleFrom,
    bool LatestVersionUnstable,
    Func<IApiMessage> Create,
    MessageReader Read)
{
    /// <summary>True when <paramref name="version"/> is within the definition's range.</summary>
    public bool IsValidVersion(short version) => version >= LowestVersion && version <= HighestVersion;

    /// <summary>True when <paramref name="version"/> is flexible.</summary>
    public bool IsFlexible(short version) => FlexibleFrom >= 0 && version >= FlexibleFrom;
}
