namespace Brook.ProtocolGen;

/// <summary>Size, write and read code per field type.</summary>
public sealed partial class MessageEmitter
{
    private static string ScalarName(FieldKind kind) => kind switch
    {
        FieldKind.Bool => "Bool",
        FieldKind.Int8 => "Int8",
        FieldKind.Int16 => "Int16",
        FieldKind.UInt16 => "UInt16",
        FieldKind.Int32 => "Int32",
        FieldKind.UInt32 => "UInt32",
        FieldKind.Int64 => "Int64",
        FieldKind.Float64 => "Float64",
        FieldKind.Uuid => "Uuid",
        _ => throw new InvalidOperationException(kind.ToString()),
    };

    private void EmitSize(CodeWriter w, FieldType t, string v, Flex flex, bool nullable, bool zeroCopy, string target)
    {
        switch (t.Kind)
        {
            case var _ when t.IsScalar:
                w.Line($"{target} += {t.FixedSize};");
                break;
            case FieldKind.String:
                w.Line(nullable
                    ? $"{target} += {flex.Choose($"ProtocolSize.CompactNullableString({v})", $"ProtocolSize.NullableString({v})")};"
                    : $"{target} += {flex.Choose($"ProtocolSize.CompactString({v})", $"ProtocolSize.String({v})")};");
                break;
            case FieldKind.Records:
            case FieldKind.Bytes when zeroCopy && nullable:
                w.Line($"{target} += {v}.HasValue ? {flex.Choose($"ProtocolSize.CompactBytes({v}.Value.Length)", $"ProtocolSize.Bytes({v}.Value.Length)")} : {flex.Choose("1", "4")};");
                break;
            case FieldKind.Bytes when nullable:
                w.Line($"{target} += {v} is null ? {flex.Choose("1", "4")} : {flex.Choose($"ProtocolSize.CompactBytes({v}.Length)", $"ProtocolSize.Bytes({v}.Length)")};");
                break;
            case FieldKind.Bytes:
                w.Line($"{target} += {flex.Choose($"ProtocolSize.CompactBytes({v}.Length)", $"ProtocolSize.Bytes({v}.Length)")};");
                break;
            case FieldKind.Struct:
                w.Line(nullable ? $"{target} += {v} is null ? 1 : 1 + {v}.ComputeSize(version);" : $"{target} += {v}.ComputeSize(version);");
                break;
            case FieldKind.Array:
                if (nullable)
                {
                    w.Open($"if ({v} is null)");
                    w.Line($"{target} += {flex.Choose("1", "4")};");
                    w.Close();
                    w.Open("else");
                }

                w.Line($"{target} += {flex.Choose($"ProtocolSize.CompactArrayLength({v}.Count)", "4")};");
                var element = t.Element!;
                if (element.IsScalar)
                {
                    w.Line($"{target} += {v}.Count * {element.FixedSize};");
                }
                else
                {
                    var e = $"element{_depth++}";
                    w.Open($"foreach (var {e} in {v})");
                    EmitSize(w, element, e, flex, nullable: false, zeroCopy: false, target);
                    w.Close();
                    _depth--;
                }

                if (nullable)
                {
                    w.Close();
                }

                break;
            default:
                throw new InvalidOperationException(t.Kind.ToString());
        }
    }

    private void EmitWriteValue(CodeWriter w, FieldType t, string v, Flex flex, bool nullable, bool zeroCopy)
    {
        switch (t.Kind)
        {
            case var _ when t.IsScalar:
                w.Line($"writer.Write{ScalarName(t.Kind)}({v});");
                break;
            case FieldKind.String:
                Choose(w, flex, nullable ? $"writer.WriteCompactNullableString({v});" : $"writer.WriteCompactString({v});", nullable ? $"writer.WriteNullableString({v});" : $"writer.WriteString({v});");
                break;
            case FieldKind.Records:
            case FieldKind.Bytes when zeroCopy && nullable:
                Choose(w, flex, $"writer.WriteCompactNullableBytes({v}.GetValueOrDefault().Span, !{v}.HasValue);", $"writer.WriteNullableBytes({v}.GetValueOrDefault().Span, !{v}.HasValue);");
                break;
            case FieldKind.Bytes when zeroCopy:
                Choose(w, flex, $"writer.WriteCompactBytes({v}.Span);", $"writer.WriteBytes({v}.Span);");
                break;
            case FieldKind.Bytes when nullable:
                Choose(w, flex, $"writer.WriteCompactNullableBytes({v}, {v} is null);", $"writer.WriteNullableBytes({v}, {v} is null);");
                break;
            case FieldKind.Bytes:
                Choose(w, flex, $"writer.WriteCompactBytes({v});", $"writer.WriteBytes({v});");
                break;
            case FieldKind.Struct when nullable:
                w.Open($"if ({v} is null)");
                w.Line("writer.WriteInt8(-1);");
                w.Close();
                w.Open("else");
                w.Line("writer.WriteInt8(1);");
                w.Line($"{v}.Write(ref writer, version);");
                w.Close();
                break;
            case FieldKind.Struct:
                w.Line($"{v}.Write(ref writer, version);");
                break;
            case FieldKind.Array:
                if (nullable)
                {
                    w.Open($"if ({v} is null)");
                    Choose(w, flex, "writer.WriteCompactArrayLength(-1);", "writer.WriteArrayLength(-1);");
                    w.Close();
                    w.Open("else");
                }

                Choose(w, flex, $"writer.WriteCompactArrayLength({v}.Count);", $"writer.WriteArrayLength({v}.Count);");
                var e = $"element{_depth++}";
                w.Open($"foreach (var {e} in {v})");
                EmitWriteValue(w, t.Element!, e, flex, nullable: false, zeroCopy: false);
                w.Close();
                _depth--;
                if (nullable)
                {
                    w.Close();
                }

                break;
            default:
                throw new InvalidOperationException(t.Kind.ToString());
        }
    }

    private void EmitReadValue(CodeWriter w, FieldSpec f, string target, string r)
    {
        var t = f.Type;
        var flex = FlexOf(f);
        var nullCond = f.IsNullable ? Cond(f.NullableVersions.Intersect(f.Versions)) : null;
        var display = $"{_spec.Name}.{f.Name}";
        switch (t.Kind)
        {
            case FieldKind.Struct when f.IsNullable:
                w.Line($"{target} = {r}.ReadInt8() < 0 ? null : {Qualified(t.StructName!)}.Read(ref {r}, version);");
                EmitNullReadCheck(w, $"{target} is null", nullCond, r, display);
                break;
            case FieldKind.Array:
                var d = _depth++;
                w.OpenBlock();
                w.Line($"var count{d} = {flex.Choose($"{r}.ReadCompactArrayLength({MinSizeExpr(t.Element!, false, flex)})", $"{r}.ReadArrayLength({MinSizeExpr(t.Element!, false, flex)})")};");
                w.Open($"if (count{d} < 0)");
                if (f.IsNullable)
                {
                    EmitNullReadCheck(w, "true", nullCond, r, display);
                    w.Line($"{target} = null;");
                }
                else
                {
                    w.Line($"{r}.ThrowUnexpectedNull(\"{display}\", version);");
                }

                w.Close();
                w.Open("else");
                w.Line($"var list{d} = new global::System.Collections.Generic.List<{CsType(t.Element!, false, false)}>(count{d});");
                w.Open($"for (var i{d} = 0; i{d} < count{d}; i{d}++)");
                w.Line($"list{d}.Add({ReadExpr(t.Element!, flex, nullable: false, zeroCopy: false, r)});");
                w.Close();
                w.Line($"{target} = list{d};");
                w.Close();
                w.Close();
                _depth--;
                break;
            default:
                w.Line($"{target} = {ReadExpr(t, flex, f.IsNullable, f.ZeroCopy, r)};");
                if (f.IsNullable)
                {
                    var isNull = t.Kind == FieldKind.Records || (f.ZeroCopy && t.Kind == FieldKind.Bytes) ? $"!{target}.HasValue" : $"{target} is null";
                    EmitNullReadCheck(w, isNull, nullCond, r, display);
                }

                break;
        }
    }

    private static void EmitNullReadCheck(CodeWriter w, string isNull, string? nullCond, string r, string display)
    {
        if (nullCond is null)
        {
            return;
        }

        var condition = isNull == "true" ? $"!({nullCond})" : $"{isNull} && !({nullCond})";
        if (nullCond == "false")
        {
            condition = isNull;
        }

        w.Open($"if ({condition})");
        w.Line($"{r}.ThrowUnexpectedNull(\"{display}\", version);");
        w.Close();
    }

    private string ReadExpr(FieldType t, Flex flex, bool nullable, bool zeroCopy, string r)
    {
        return t.Kind switch
        {
            _ when t.IsScalar => $"{r}.Read{ScalarName(t.Kind)}()",
            FieldKind.String => nullable
                ? flex.Choose($"{r}.ReadCompactNullableString()", $"{r}.ReadNullableString()")
                : flex.Choose($"{r}.ReadCompactString()", $"{r}.ReadString()"),
            FieldKind.Records => flex.Choose($"{r}.ReadCompactNullableBytesMemory()", $"{r}.ReadNullableBytesMemory()"),
            FieldKind.Bytes when zeroCopy => nullable
                ? flex.Choose($"{r}.ReadCompactNullableBytesMemory()", $"{r}.ReadNullableBytesMemory()")
                : flex.Choose($"{r}.ReadCompactBytesMemory()", $"{r}.ReadBytesMemory()"),
            FieldKind.Bytes => nullable
                ? flex.Choose($"{r}.ReadCompactNullableBytes()", $"{r}.ReadNullableBytes()")
                : flex.Choose($"{r}.ReadCompactBytes()", $"{r}.ReadBytes()"),
            FieldKind.Struct => $"{Qualified(t.StructName!)}.Read(ref {r}, version)",
            _ => throw new InvalidOperationException(t.Kind.ToString()),
        };
    }

    private static void Choose(CodeWriter w, Flex flex, string compact, string plain)
    {
        switch (flex.Const)
        {
            case true:
                w.Line(compact);
                break;
            case false:
                w.Line(plain);
                break;
            default:
                w.Open($"if ({flex.Expr})");
                w.Line(compact);
                w.Close();
                w.Open("else");
                w.Line(plain);
                w.Close();
                break;
        }
    }
}
