namespace Brook.Protocol;

/// <summary>
/// Picks request and response header versions from an API key and version (protocol.md §2):
/// request v2 / response v1 for flexible versions, request v1 / response v0 otherwise;
/// the ApiVersions response header is always v0 (KIP-511) and ControlledShutdown v0 uses request header v0.
/// </summary>
public static class HeaderVersions
{
    /// <summary>Request header version for <paramref name="key"/> at <paramref name="version"/>.</summary>
    public static short Request(ApiKey key, short version)
    {
        if (key == ApiKey.ControlledShutdown && version == 0)
        {
            return 0;
        }

        return SupportedApis.Get(key).IsFlexible(version) ? (short)2 : (short)1;
    }

    /// <summary>Response header version for <paramref name="key"/> at <paramref name="version"/>.</summary>
    public static short Response(ApiKey key, short version)
    {
        if (key == ApiKey.ApiVersions)
        {
            return 0; // Always v0, even for flexible bodies, so any client can read the answer.
        }

        return SupportedApis.Get(key).IsFlexible(version) ? (short)1 : (short)0;
    }
}
