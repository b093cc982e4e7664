namespace Brook.ProtocolGen;

/// <summary>The kinds of field types in the definition format.</summary>
public enum FieldKind
{
    /// <summary>bool.</summary>
    Bool,

    /// <summary>int8.</summary>
    Int8,

    /// <summary>int16.</summary>
    Int16,

    /// <summary>uint16.</summary>
    UInt16,

    /// <summary>int32.</summary>
    Int32,

    /// <summary>uint32.</summary>
    UInt32,

    /// <summary>int64.</summary>
    Int64,

    /// <summary>float64.</summary>
    Float64,

    /// <summary>uuid.</summary>
    Uuid,

    /// <summary>string.</summary>
    String,

    /// <summary>bytes.</summary>
    Bytes,

    /// <summary>records.</summary>
    Records,

    /// <summary>A struct, named by <see cref="FieldType.StructName"/>.</summary>
    Struct,

    /// <summary>An array of <see cref="FieldType.Element"/>.</summary>
    Array,
}

/// <summary>A parsed field type such as <c>int32</c>, <c>[]string</c> or <c>[]TopicData</c>.</summary>
public sealed record FieldType(FieldKind Kind, FieldType? Element = null, string? StructName = null)
{
    /// <summary>Fixed encoded width of scalar kinds, else 0.</summary>
    public int FixedSize => Kind switch
    {
        FieldKind.Bool or FieldKind.Int8 => 1,
        FieldKind.Int16 or FieldKind.UInt16 => 2,
        FieldKind.Int32 or FieldKind.UInt32 => 4,
        FieldKind.Int64 or FieldKind.Float64 => 8,
        FieldKind.Uuid => 16,
        _ => 0,
    };

    /// <summary>True for fixed-width scalars.</summary>
    public bool IsScalar => FixedSize > 0;

    /// <summary>True for struct or array-of-struct.</summary>
    public bool InvolvesStruct => Kind == FieldKind.Struct || (Kind == FieldKind.Array && Element!.Kind == FieldKind.Struct);

    /// <summary>Parses a definition type string.</summary>
    public static FieldType Parse(string text, string what)
    {
        if (text.StartsWith("[]", StringComparison.Ordinal))
        {
            var element = Parse(text[2..], what);
            if (element.Kind == FieldKind.Array)
            {
                throw new FormatException($"{what}: arrays of arrays (\"{text}\") are not part of the definition format.");
            }

            return new FieldType(FieldKind.Array, element);
        }

        return text switch
        {
            "bool" => new(FieldKind.Bool),
            "int8" => new(FieldKind.Int8),
            "int16" => new(FieldKind.Int16),
            "uint16" => new(FieldKind.UInt16),
            "int32" => new(FieldKind.Int32),
            "uint32" => new(FieldKind.UInt32),
            "int64" => new(FieldKind.Int64),
            "float64" => new(FieldKind.Float64),
            "uuid" => new(FieldKind.Uuid),
            "string" => new(FieldKind.String),
            "bytes" => new(FieldKind.Bytes),
            "records" => new(FieldKind.Records),
            _ when text.Length > 0 && char.IsUpper(text[0]) && text.All(char.IsLetterOrDigit) => new(FieldKind.Struct, StructName: text),
            _ => throw new FormatException($"{what}: unknown type \"{text}\"."),
        };
    }
}
