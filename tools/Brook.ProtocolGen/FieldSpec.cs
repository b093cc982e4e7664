namespace Brook.ProtocolGen;

/// <summary>One field of a message definition (protocol.md §11, "Field properties").</summary>
public sealed class FieldSpec
{
    /// <summary>PascalCase field name.</summary>
    public required string Name { get; init; }

    /// <summary>Parsed type.</summary>
    public required FieldType Type { get; init; }

    /// <summary>Versions where the field exists.</summary>
    public required VersionRange Versions { get; init; }

    /// <summary>Versions where the field may be null.</summary>
    public VersionRange NullableVersions { get; init; } = VersionRange.None;

    /// <summary>Versions where the field is tagged (open-ended, inside the flexible range).</summary>
    public VersionRange TaggedVersions { get; init; } = VersionRange.None;

    /// <summary>Tag number when tagged.</summary>
    public int? Tag { get; init; }

    /// <summary>Per-field flexible-versions override (e.g. "none" on RequestHeader.ClientId).</summary>
    public VersionRange? FlexibleVersions { get; init; }

    /// <summary>Custom default as written in the definition, or null.</summary>
    public string? Default { get; init; }

    /// <summary>Writing a non-default value at a version lacking the field is silently dropped instead of an error.</summary>
    public bool Ignorable { get; init; }

    /// <summary>Bytes field that aliases the input frame.</summary>
    public bool ZeroCopy { get; init; }

    /// <summary>Key field of a keyed array element (generated as a plain list).</summary>
    public bool MapKey { get; init; }

    /// <summary>Informational entity type.</summary>
    public string? EntityType { get; init; }

    /// <summary>Documentation.</summary>
    public string? About { get; init; }

    /// <summary>Inline struct fields (for struct and array-of-struct types).</summary>
    public IReadOnlyList<FieldSpec>? Fields { get; init; }

    /// <summary>True when the field is tagged in some version.</summary>
    public bool IsTagged => Tag is not null;

    /// <summary>Versions where the field is written inline (not tagged).</summary>
    public VersionRange RegularVersions => Versions.Below(TaggedVersions);

    /// <summary>True when the field may be null in some version (so its C# type is nullable).</summary>
    public bool IsNullable => !NullableVersions.IsEmpty && !Versions.Intersect(NullableVersions).IsEmpty;

    /// <summary>True when the custom default is "null".</summary>
    public bool DefaultIsNull => string.Equals(Default, "null", StringComparison.Ordinal);
}
