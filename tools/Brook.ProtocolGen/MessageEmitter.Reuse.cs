namespace Brook.ProtocolGen;

/// <summary>
/// Decoding into a reused instance, for responses the producer decodes once per request on its hot path: an instance
/// method <c>ReadFrom</c> that overwrites every field, keeps its lists and nested objects (array elements go to a spare
/// list and are taken back from it), returns the old string when the bytes spell it, and copies unknown tagged fields
/// out of the input (so the result never aliases the frame, which the caller reuses). <c>ResetForRead</c> restores the
/// defaults without letting go of those objects.
/// </summary>
public sealed partial class MessageEmitter
{
    /// <summary>Messages that also get <c>ReadFrom</c>/<c>ResetForRead</c>: decoded per Produce request by the producer.</summary>
    private static readonly HashSet<string> ReusableReads = new(StringComparer.Ordinal) { "ProduceResponse" };

    private bool Reusable => ReusableReads.Contains(_spec.Name);

    private static string SpareName(FieldSpec f) => $"_spare{f.Name}";

    private static bool IsStructArray(FieldSpec f) => f.Type.Kind == FieldKind.Array && f.Type.Element!.Kind == FieldKind.Struct;

    private void ValidateReusable(string owner, IReadOnlyList<FieldSpec> fields)
    {
        foreach (var f in fields)
        {
            var kind = f.Type.Kind == FieldKind.Array ? f.Type.Element!.Kind : f.Type.Kind;
            if (kind is FieldKind.Bytes or FieldKind.Records)
            {
                throw new FormatException($"{owner}.{f.Name}: ReadFrom (reused decoding) does not support bytes or records fields, which alias the input.");
            }
        }
    }

    private void EmitSpareFields(CodeWriter w, IReadOnlyList<FieldSpec> fields)
    {
        foreach (var f in fields.Where(IsStructArray))
        {
            w.Line($"private global::System.Collections.Generic.List<{CsType(f.Type.Element!, false, false)}>? {SpareName(f)};");
            w.Line();
        }
    }

    private void EmitResetForRead(CodeWriter w, IReadOnlyList<FieldSpec> fields)
    {
        w.Line("/// <summary>Restores every field's default, keeping lists and nested objects for the next <see cref=\"ReadFrom\"/>.</summary>");
        w.Open("public void ResetForRead()");
        foreach (var f in fields)
        {
            switch (f.Type.Kind)
            {
                case FieldKind.Struct when !f.IsNullable:
                    w.Line($"{f.Name}.ResetForRead();");
                    break;
                case FieldKind.Array when IsStructArray(f):
                    // Last element first, so the next read takes the elements back in their old order (and an
                    // element meets the name it held before: a repeated topic is not allocated again).
                    w.Open($"if ({f.Name} is {{ Count: > 0 }} list{f.Name})");
                    w.Line($"var spare{f.Name} = {SpareName(f)} ??= new();");
                    w.Open($"for (var i = list{f.Name}.Count - 1; i >= 0; i--)");
                    w.Line($"spare{f.Name}.Add(list{f.Name}[i]);");
                    w.Close();
                    w.Line($"list{f.Name}.Clear();");
                    w.Close();
                    if (f.IsNullable)
                    {
                        w.Line($"{f.Name} = null;");
                    }

                    break;
                case FieldKind.Array:
                    w.Line(f.IsNullable ? $"{f.Name} = null;" : $"{f.Name}.Clear();");
                    break;
                default:
                    w.Line($"{f.Name} = {ResetValue(f)};");
                    break;
            }
        }

        w.Line("UnknownTaggedFields?.Clear();");
        w.Close();
        w.Line();
    }

    private string ResetValue(FieldSpec f)
    {
        if (DefaultsToNull(f))
        {
            return "null";
        }

        var literal = f.Default is null ? null : Literal(f);
        return f.Type.Kind == FieldKind.String ? literal ?? "\"\"" : literal ?? "default";
    }

    private void EmitReadFrom(CodeWriter w, IReadOnlyList<FieldSpec> fields, bool isTop)
    {
        w.Line("/// <summary>");
        w.Line("/// Decodes into this instance at <paramref name=\"version\"/>, reusing its lists, nested objects and equal strings;");
        w.Line("/// unknown tagged fields are copied, so nothing aliases the input. Malformed input throws");
        w.Line("/// <see cref=\"global::Brook.Protocol.ProtocolException\"/> and leaves the instance partly overwritten.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"reader\">Reader positioned at the encoded value.</param>");
        w.Line("/// <param name=\"version\">The API version.</param>");
        w.Open("public void ReadFrom(ref ProtocolReader reader, short version)");
        if (isTop)
        {
            w.Open("if (version < LowestSupportedVersion || version > HighestSupportedVersion)");
            w.Line($"MessageErrors.ThrowReadVersion(\"{_spec.Name}\", version, LowestSupportedVersion, HighestSupportedVersion);");
            w.Close();
            w.Line();
        }

        EmitFlexibleLocal(w);
        foreach (var f in fields.Where(f => f.Type.Kind == FieldKind.String))
        {
            w.Line($"var prior{f.Name} = {f.Name};");
        }

        w.Line("ResetForRead();");
        foreach (var f in fields)
        {
            var cond = Cond(f.RegularVersions);
            if (cond == "false")
            {
                continue;
            }

            OpenIf(w, cond);
            EmitReadInto(w, f, "reader");
            CloseIf(w, cond);
        }

        if (!_spec.FlexibleVersions.IsEmpty)
        {
            w.Open("if (flexible)");
            w.Line("var tagCount = reader.ReadTagCount();");
            w.Line("var previousTag = -1;");
            w.Open("for (var t = 0; t < tagCount; t++)");
            w.Line("var tagReader = reader.ReadTaggedField(previousTag, out var tag, out var tagData);");
            w.Line("previousTag = tag;");
            w.Open("switch (tag)");
            foreach (var f in TaggedFields(fields))
            {
                var cond = Cond(f.Versions.Intersect(f.TaggedVersions));
                w.Open(cond is null ? $"case {f.Tag}:" : $"case {f.Tag} when {cond}:");
                EmitReadInto(w, f, "tagReader");
                w.Line("tagReader.EnsureTaggedFieldConsumed(tag);");
                w.Line("break;");
                w.Close();
            }

            w.Line("default:");
            w.Line("    (UnknownTaggedFields ??= new()).Add(new RawTaggedField(tag, tagData.ToArray()));");
            w.Line("    break;");
            w.Close();
            w.Close();
            w.Close();
        }

        w.Close();
        w.Line();
    }

    private void EmitReadInto(CodeWriter w, FieldSpec f, string r)
    {
        var t = f.Type;
        var flex = FlexOf(f);
        var nullCond = f.IsNullable ? Cond(f.NullableVersions.Intersect(f.Versions)) : null;
        var display = $"{_spec.Name}.{f.Name}";
        switch (t.Kind)
        {
            case FieldKind.String:
                var prior = $"prior{f.Name}";
                w.Line(f.IsNullable
                    ? $"{f.Name} = {flex.Choose($"{r}.ReadCompactNullableString({prior})", $"{r}.ReadNullableString({prior})")};"
                    : $"{f.Name} = {flex.Choose($"{r}.ReadCompactString({prior})", $"{r}.ReadString({prior})")};");
                if (f.IsNullable)
                {
                    EmitNullReadCheck(w, $"{f.Name} is null", nullCond, r, display);
                }

                break;
            case FieldKind.Struct when f.IsNullable:
                w.Open($"if ({r}.ReadInt8() >= 0)");
                w.Line($"{f.Name} = new();");
                w.Line($"{f.Name}.ReadFrom(ref {r}, version);");
                w.Close();
                EmitNullReadCheck(w, $"{f.Name} is null", nullCond, r, display);
                break;
            case FieldKind.Struct:
                w.Line($"{f.Name}.ReadFrom(ref {r}, version);");
                break;
            case FieldKind.Array:
                var d = _depth++;
                var element = t.Element!;
                w.OpenBlock();
                w.Line($"var count{d} = {flex.Choose($"{r}.ReadCompactArrayLength({MinSizeExpr(element, false, flex)})", $"{r}.ReadArrayLength({MinSizeExpr(element, false, flex)})")};");
                w.Open($"if (count{d} < 0)");
                if (f.IsNullable)
                {
                    EmitNullReadCheck(w, "true", nullCond, r, display);
                    w.Line($"{f.Name} = null;");
                }
                else
                {
                    w.Line($"{r}.ThrowUnexpectedNull(\"{display}\", version);");
                }

                w.Close();
                w.Open("else");
                w.Line($"var list{d} = {f.Name} ?? new global::System.Collections.Generic.List<{CsType(element, false, false)}>(count{d});");
                w.Open($"for (var i{d} = 0; i{d} < count{d}; i{d}++)");
                if (element.Kind == FieldKind.Struct)
                {
                    var spare = SpareName(f);
                    w.Line($"{CsType(element, false, false)} element{d};");
                    w.Open($"if ({spare} is {{ Count: > 0 }} spare{d})");
                    w.Line($"element{d} = spare{d}[^1];");
                    w.Line($"spare{d}.RemoveAt(spare{d}.Count - 1);");
                    w.Close();
                    w.Open("else");
                    w.Line($"element{d} = new();");
                    w.Close();
                    w.Line($"element{d}.ReadFrom(ref {r}, version);");
                    w.Line($"list{d}.Add(element{d});");
                }
                else
                {
                    w.Line($"list{d}.Add({ReadExpr(element, flex, nullable: false, zeroCopy: false, r)});");
                }

                w.Close();
                w.Line($"{f.Name} = list{d};");
                w.Close();
                w.Close();
                _depth--;
                break;
            default:
                w.Line($"{f.Name} = {ReadExpr(t, flex, f.IsNullable, f.ZeroCopy, r)};");
                break;
        }
    }
}
