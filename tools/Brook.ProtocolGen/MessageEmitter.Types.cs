using System.Globalization;
using System.Text;

namespace Brook.ProtocolGen;

/// <summary>C# types, defaults and default checks per field.</summary>
public sealed partial class MessageEmitter
{
    private string CsType(FieldSpec f) => CsType(f.Type, f.IsNullable, f.ZeroCopy);

    private string CsType(FieldType t, bool nullable, bool zeroCopy)
    {
        var q = nullable ? "?" : string.Empty;
        return t.Kind switch
        {
            FieldKind.Bool => "bool",
            FieldKind.Int8 => "sbyte",
            FieldKind.Int16 => "short",
            FieldKind.UInt16 => "ushort",
            FieldKind.Int32 => "int",
            FieldKind.UInt32 => "uint",
            FieldKind.Int64 => "long",
            FieldKind.Float64 => "double",
            FieldKind.Uuid => "global::System.Guid",
            FieldKind.String => "string" + q,
            FieldKind.Bytes => zeroCopy ? "global::System.ReadOnlyMemory<byte>" + q : "byte[]" + q,
            FieldKind.Records => "global::System.ReadOnlyMemory<byte>?",
            FieldKind.Struct => ClassOf(t.StructName!) + q,
            FieldKind.Array => $"global::System.Collections.Generic.List<{CsType(t.Element!, nullable: false, zeroCopy: false)}>" + q,
            _ => throw new InvalidOperationException(t.Kind.ToString()),
        };
    }

    /// <summary>True when the field's default is null (nullable types whose default is "null", records, nullable structs).</summary>
    private static bool DefaultsToNull(FieldSpec f) =>
        f.Type.Kind == FieldKind.Records
        || (f.IsNullable && (f.DefaultIsNull || f.Type.Kind == FieldKind.Struct));

    /// <summary>The property initializer (" = ...;") or empty for the CLR default.</summary>
    private string Initializer(FieldSpec f)
    {
        if (f.DefaultIsNull && !f.IsNullable)
        {
            throw new FormatException($"{_spec.Name}.{f.Name}: default \"null\" needs nullableVersions.");
        }

        if (DefaultsToNull(f))
        {
            return string.Empty;
        }

        var literal = f.Default is null ? null : Literal(f);
        return f.Type.Kind switch
        {
            _ when f.Type.IsScalar => literal is null ? string.Empty : $" = {literal};",
            FieldKind.String => $" = {literal ?? "\"\""};",
            FieldKind.Bytes => f.ZeroCopy ? (f.IsNullable ? " = global::System.ReadOnlyMemory<byte>.Empty;" : string.Empty) : " = global::System.Array.Empty<byte>();",
            FieldKind.Struct or FieldKind.Array => " = new();",
            _ => string.Empty,
        };
    }

    /// <summary>C# literal of a custom default, or null when the default equals the CLR default.</summary>
    private string? Literal(FieldSpec f)
    {
        var text = f.Default!.Trim();
        var what = $"{_spec.Name}.{f.Name} default \"{text}\"";
        switch (f.Type.Kind)
        {
            case FieldKind.Bool:
                return text switch
                {
                    "true" => "true",
                    "false" => null,
                    _ => throw new FormatException($"{what}: expected true or false."),
                };
            case FieldKind.Int8 or FieldKind.Int16 or FieldKind.UInt16 or FieldKind.Int32 or FieldKind.UInt32 or FieldKind.Int64:
                var value = ParseInteger(text, what);
                var (min, max) = f.Type.Kind switch
                {
                    FieldKind.Int8 => (sbyte.MinValue, sbyte.MaxValue),
                    FieldKind.Int16 => (short.MinValue, short.MaxValue),
                    FieldKind.UInt16 => (ushort.MinValue, ushort.MaxValue),
                    FieldKind.Int32 => (int.MinValue, int.MaxValue),
                    FieldKind.UInt32 => (uint.MinValue, uint.MaxValue),
                    _ => ((System.Int128)long.MinValue, (System.Int128)long.MaxValue),
                };
                if (value < min || value > max)
                {
                    throw new FormatException($"{what}: out of range for {f.Type.Kind}.");
                }

                return value == 0 ? null : value.ToString(CultureInfo.InvariantCulture) + (f.Type.Kind == FieldKind.Int64 ? "L" : string.Empty);
            case FieldKind.Float64:
                var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return d == 0 ? null : d.ToString("R", CultureInfo.InvariantCulture) + "d";
            case FieldKind.String:
                return StringLiteral(text);
            case FieldKind.Uuid:
                // Kafka writes UUID defaults as base64 ("AAAAAAAAAAAAAAAAAAAAAA" = zero) or in Guid form.
                var zero = (Guid.TryParse(text, out var g) && g == Guid.Empty)
                    || (text.Length == 22 && text.All(c => c == 'A'));
                return zero ? null : throw new FormatException($"{what}: only the zero UUID default is supported.");
            default:
                if (text.Length == 0)
                {
                    return null;
                }

                throw new FormatException($"{what}: custom defaults are allowed only on scalars and strings (or \"null\").");
        }
    }

    private static System.Int128 ParseInteger(string text, string what)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        System.Int128 value;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            value = System.Int128.Parse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (value < 0)
            {
                throw new FormatException($"{what}: hex value too large.");
            }
        }
        else if (!System.Int128.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            throw new FormatException($"{what}: not an integer.");
        }

        return negative ? -value : value;
    }

    private static string StringLiteral(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Expression that is true when <paramref name="v"/> differs from the field's default.</summary>
    private string NonDefault(FieldSpec f, string v)
    {
        var nullDefault = DefaultsToNull(f);
        var literal = f.Default is null || nullDefault ? null : Literal(f);
        switch (f.Type.Kind)
        {
            case FieldKind.Float64:
                return $"!{v}.Equals({literal ?? "0d"})";
            case FieldKind.Uuid:
                return $"{v} != global::System.Guid.Empty";
            case FieldKind.Bool:
                return literal is null ? v : $"!{v}";
            case var k when f.Type.IsScalar:
                return $"{v} != {literal ?? "0"}";
            case FieldKind.String:
                return nullDefault ? $"{v} is not null" : $"!string.Equals({v}, {literal ?? "\"\""}, global::System.StringComparison.Ordinal)";
            case FieldKind.Bytes when f.ZeroCopy:
                return nullDefault ? $"{v}.HasValue" : f.IsNullable ? $"(!{v}.HasValue || !{v}.Value.IsEmpty)" : $"!{v}.IsEmpty";
            case FieldKind.Bytes:
                return nullDefault ? $"{v} is not null" : f.IsNullable ? $"({v} is null || {v}.Length != 0)" : $"{v}.Length != 0";
            case FieldKind.Records:
                return $"{v}.HasValue";
            case FieldKind.Struct:
                return nullDefault ? $"{v} is not null" : $"!{v}.IsDefaultValue()";
            case FieldKind.Array:
                return nullDefault ? $"{v} is not null" : f.IsNullable ? $"({v} is null || {v}.Count != 0)" : $"{v}.Count != 0";
            default:
                throw new InvalidOperationException(f.Type.Kind.ToString());
        }
    }

    /// <summary>Expression for the minimum encoded size of the field's type.</summary>
    private string MinSizeExpr(FieldType t, bool nullable, Flex flex)
    {
        if (t.IsScalar)
        {
            return t.FixedSize.ToString(CultureInfo.InvariantCulture);
        }

        return t.Kind switch
        {
            FieldKind.String => flex.Choose("1", "2"),
            FieldKind.Bytes or FieldKind.Records or FieldKind.Array => flex.Choose("1", "4"),
            FieldKind.Struct => nullable ? "1" : $"{Qualified(t.StructName!)}.MinSize(version)",
            _ => throw new InvalidOperationException(t.Kind.ToString()),
        };
    }
}
