namespace Brook.ProtocolGen;

/// <summary>One parsed definition file (protocol.md §11, "Top-level properties").</summary>
public sealed class MessageSpec
{
    /// <summary>Message name, e.g. ProduceRequest.</summary>
    public required string Name { get; init; }

    /// <summary>request, response, header or data.</summary>
    public required string Type { get; init; }

    /// <summary>API key for requests and responses.</summary>
    public short? ApiKey { get; init; }

    /// <summary>Supported versions.</summary>
    public required VersionRange ValidVersions { get; init; }

    /// <summary>Flexible versions.</summary>
    public required VersionRange FlexibleVersions { get; init; }

    /// <summary>True when the newest version is still in development.</summary>
    public bool LatestVersionUnstable { get; init; }

    /// <summary>Top-level fields in wire order.</summary>
    public required IReadOnlyList<FieldSpec> Fields { get; init; }

    /// <summary>Shared structs referenced by name.</summary>
    public required IReadOnlyList<StructSpec> CommonStructs { get; init; }

    /// <summary>Source file name, for messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>True for request definitions.</summary>
    public bool IsRequest => Type == "request";

    /// <summary>True for response definitions.</summary>
    public bool IsResponse => Type == "response";
}
