namespace Brook.Protocol.Messages;

/// <summary>A request or response body of one Kafka API.</summary>
public interface IApiMessage : IProtocolMessage
{
    /// <summary>The API this message belongs to.</summary>
    ApiKey ApiKey { get; }

    /// <summary>Lowest version the definition describes.</summary>
    short LowestSupportedVersion { get; }

    /// <summary>Highest version the definition describes.</summary>
    short HighestSupportedVersion { get; }

    /// <summary>True when <paramref name="version"/> is flexible (compact encodings, tagged fields).</summary>
    bool IsFlexibleVersion(short version);
}
