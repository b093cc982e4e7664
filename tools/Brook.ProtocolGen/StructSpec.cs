namespace Brook.ProtocolGen;

/// <summary>A struct: an inline struct field's type or a commonStruct.</summary>
/// <param name="Name">Struct type name from the definition.</param>
/// <param name="Versions">Versions where the struct is used.</param>
/// <param name="Fields">Fields in wire order.</param>
/// <param name="About">Documentation.</param>
public sealed record StructSpec(string Name, VersionRange Versions, IReadOnlyList<FieldSpec> Fields, string? About);
