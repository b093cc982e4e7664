using System.Globalization;

namespace Brook.ProtocolGen;

/// <summary>Class layout: properties, interface members, and the four per-class methods.</summary>
public sealed partial class MessageEmitter
{
    private void EmitClass(CodeWriter w, string className, IReadOnlyList<FieldSpec> fields, bool isTop, string? about)
    {
        var kind = _spec.IsRequest ? "IApiRequest" : _spec.IsResponse ? "IApiResponse" : "IProtocolMessage";
        w.Line("/// <summary>");
        if (isTop)
        {
            var apiText = _spec.ApiKey is { } key ? $" (API key {key})" : string.Empty;
            w.Line($"/// Kafka {_spec.Name}{apiText}, versions {_valid}, flexible {_spec.FlexibleVersions}.");
        }
        else
        {
            w.Line($"/// {Doc(about ?? $"The {className} struct of {_spec.Name}.")}");
        }

        w.Line("/// </summary>");
        w.Open($"public sealed partial class {className} : {(isTop ? kind : "IProtocolMessage")}");

        if (isTop)
        {
            EmitTopMembers(w);
        }

        foreach (var f in fields)
        {
            EmitProperty(w, f);
        }

        w.Line("/// <summary>Tagged fields this version of Brook does not know, kept as read and written back in tag order.</summary>");
        w.Line("public global::System.Collections.Generic.List<RawTaggedField>? UnknownTaggedFields { get; set; }");
        w.Line();
        if (Reusable)
        {
            EmitSpareFields(w, fields);
        }

        EmitComputeSize(w, fields, isTop);
        EmitWrite(w, fields, isTop);
        EmitRead(w, className, fields, isTop);
        if (Reusable)
        {
            EmitReadFrom(w, fields, isTop);
            EmitResetForRead(w, fields);
        }

        EmitMinSize(w, fields);
        EmitIsDefault(w, fields);

        if (isTop)
        {
            foreach (var name in _structOrder)
            {
                w.Line();
                var s = _structs[name];
                EmitClass(w, ClassOf(name), s.Fields, isTop: false, s.About);
            }
        }

        w.Close();
    }

    private void EmitTopMembers(CodeWriter w)
    {
        w.Line("/// <summary>Lowest version this definition describes.</summary>");
        w.Line($"public const short LowestSupportedVersion = {_valid.Min};");
        w.Line();
        w.Line("/// <summary>Highest version this definition describes.</summary>");
        w.Line($"public const short HighestSupportedVersion = {_valid.Max};");
        w.Line();
        w.Line("/// <summary>True when <paramref name=\"version\"/> uses compact encodings and tagged fields.</summary>");
        w.Line("/// <param name=\"version\">The version to test.</param>");
        w.Line("/// <returns>True for flexible versions.</returns>");
        w.Line($"public static bool IsFlexibleVersion(short version) => version >= {FlexibleFromLiteral};");
        w.Line();
        if (_spec.ApiKey is { } key)
        {
            w.Line($"global::Brook.Protocol.ApiKey IApiMessage.ApiKey => (global::Brook.Protocol.ApiKey){key};");
            w.Line();
            w.Line("short IApiMessage.LowestSupportedVersion => LowestSupportedVersion;");
            w.Line();
            w.Line("short IApiMessage.HighestSupportedVersion => HighestSupportedVersion;");
            w.Line();
            w.Line("bool IApiMessage.IsFlexibleVersion(short version) => IsFlexibleVersion(version);");
            w.Line();
        }
    }

    private void EmitProperty(CodeWriter w, FieldSpec f)
    {
        w.Line($"/// <summary>{Doc(f.About ?? $"The {f.Name} field.")}</summary>");
        var remarks = $"Versions {f.Versions}";
        if (!f.NullableVersions.IsEmpty)
        {
            remarks += $"; nullable in {f.NullableVersions}";
        }

        if (f.Tag is { } tag)
        {
            remarks += $"; tag {tag} in {f.TaggedVersions}";
        }

        if (f.Default is not null)
        {
            remarks += $"; default {f.Default}";
        }

        if (f.Ignorable)
        {
            remarks += "; ignorable";
        }

        if (f.EntityType is not null)
        {
            remarks += $"; entity {f.EntityType}";
        }

        if (f.MapKey)
        {
            remarks += "; map key";
        }

        w.Line($"/// <remarks>{Doc(remarks)}.</remarks>");
        w.Line($"public {CsType(f)} {f.Name} {{ get; set; }}{Initializer(f)}");
        w.Line();
    }

    private void EmitComputeSize(CodeWriter w, IReadOnlyList<FieldSpec> fields, bool isTop)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("public int ComputeSize(short version)");
        EmitFlexibleLocal(w);
        w.Line("var size = 0;");
        foreach (var f in fields)
        {
            var cond = Cond(f.RegularVersions);
            if (cond == "false")
            {
                continue;
            }

            OpenIf(w, cond);
            EmitSize(w, f.Type, f.Name, FlexOf(f), f.IsNullable, f.ZeroCopy, "size");
            CloseIf(w, cond);
        }

        var tagged = TaggedFields(fields);
        if (!_spec.FlexibleVersions.IsEmpty)
        {
            w.Open("if (flexible)");
            w.Line("var tagCount = UnknownTaggedFields?.Count ?? 0;");
            w.Line("size += ProtocolSize.RawTaggedFields(UnknownTaggedFields);");
            foreach (var f in tagged)
            {
                var cond = Cond(f.Versions.Intersect(f.TaggedVersions));
                w.Open($"if ({(cond is null ? string.Empty : $"{cond} && ")}{NonDefault(f, f.Name)})");
                w.Line("tagCount++;");
                w.Line("var valueSize = 0;");
                EmitSize(w, f.Type, f.Name, FlexOf(f), f.IsNullable, f.ZeroCopy, "valueSize");
                w.Line($"size += ProtocolSize.TaggedField({f.Tag}, valueSize);");
                w.Close();
            }

            w.Line("size += ProtocolSize.UnsignedVarint(tagCount);");
            w.Close();
        }

        w.Line("return size;");
        w.Close();
        w.Line();
    }

    private void EmitWrite(CodeWriter w, IReadOnlyList<FieldSpec> fields, bool isTop)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("public void Write(ref ProtocolWriter writer, short version)");
        if (isTop)
        {
            w.Open("if (version < LowestSupportedVersion || version > HighestSupportedVersion)");
            w.Line($"MessageErrors.ThrowWriteVersion(\"{_spec.Name}\", version, LowestSupportedVersion, HighestSupportedVersion);");
            w.Close();
            w.Line();
        }

        EmitFlexibleLocal(w);
        foreach (var f in fields)
        {
            var present = Cond(f.Versions);
            if (!f.Ignorable && present is not null)
            {
                var check = present == "false" ? NonDefault(f, f.Name) : $"!({present}) && {NonDefault(f, f.Name)}";
                w.Open($"if ({check})");
                w.Line($"MessageErrors.ThrowNotInVersion(\"{_spec.Name}.{f.Name}\", version, \"{f.Versions}\");");
                w.Close();
                w.Line();
            }

            var cond = Cond(f.RegularVersions);
            if (cond == "false")
            {
                continue;
            }

            OpenIf(w, cond);
            EmitNullWriteCheck(w, f);
            EmitWriteValue(w, f.Type, f.Name, FlexOf(f), f.IsNullable, f.ZeroCopy);
            CloseIf(w, cond);
        }

        if (!_spec.FlexibleVersions.IsEmpty)
        {
            var tagged = TaggedFields(fields);
            w.Open("if (flexible)");
            w.Line("var tagCount = UnknownTaggedFields?.Count ?? 0;");
            foreach (var f in tagged)
            {
                var cond = Cond(f.Versions.Intersect(f.TaggedVersions));
                w.Open($"if ({(cond is null ? string.Empty : $"{cond} && ")}{NonDefault(f, f.Name)})");
                w.Line("tagCount++;");
                w.Close();
            }

            w.Line("writer.WriteUnsignedVarint((uint)tagCount);");
            w.Line("var unknownIndex = 0;");
            foreach (var f in tagged)
            {
                var cond = Cond(f.Versions.Intersect(f.TaggedVersions));
                w.Line($"writer.WriteRawTaggedFieldsBelow(UnknownTaggedFields, ref unknownIndex, {f.Tag});");
                w.Open($"if ({(cond is null ? string.Empty : $"{cond} && ")}{NonDefault(f, f.Name)})");
                w.Line("var valueSize = 0;");
                EmitSize(w, f.Type, f.Name, FlexOf(f), f.IsNullable, f.ZeroCopy, "valueSize");
                w.Line($"writer.WriteTagHeader({f.Tag}, valueSize);");
                EmitNullWriteCheck(w, f);
                EmitWriteValue(w, f.Type, f.Name, FlexOf(f), f.IsNullable, f.ZeroCopy);
                w.Close();
            }

            w.Line("writer.WriteRawTaggedFieldsBelow(UnknownTaggedFields, ref unknownIndex, int.MaxValue);");
            w.Close();
        }

        w.Close();
        w.Line();
    }

    private void EmitNullWriteCheck(CodeWriter w, FieldSpec f)
    {
        if (!f.IsNullable)
        {
            return;
        }

        var nullCond = Cond(f.NullableVersions.Intersect(f.Versions));
        if (nullCond is null)
        {
            return;
        }

        var isNull = f.Type.Kind == FieldKind.Records || (f.ZeroCopy && f.Type.Kind == FieldKind.Bytes) ? $"!{f.Name}.HasValue" : $"{f.Name} is null";
        w.Open($"if ({isNull}{(nullCond == "false" ? string.Empty : $" && !({nullCond})")})");
        w.Line($"MessageErrors.ThrowNullNotAllowed(\"{_spec.Name}.{f.Name}\", version);");
        w.Close();
    }

    private void EmitRead(CodeWriter w, string className, IReadOnlyList<FieldSpec> fields, bool isTop)
    {
        w.Line("/// <summary>Decodes an instance at <paramref name=\"version\"/>; malformed input throws <see cref=\"global::Brook.Protocol.ProtocolException\"/>.</summary>");
        w.Line("/// <param name=\"reader\">Reader positioned at the encoded value.</param>");
        w.Line("/// <param name=\"version\">The API version.</param>");
        w.Line("/// <returns>The decoded value.</returns>");
        w.Open($"public static {className} Read(ref ProtocolReader reader, short version)");
        if (isTop)
        {
            w.Open("if (version < LowestSupportedVersion || version > HighestSupportedVersion)");
            w.Line($"MessageErrors.ThrowReadVersion(\"{_spec.Name}\", version, LowestSupportedVersion, HighestSupportedVersion);");
            w.Close();
            w.Line();
        }

        EmitFlexibleLocal(w);
        w.Line($"var result = new {className}();");
        foreach (var f in fields)
        {
            var cond = Cond(f.RegularVersions);
            if (cond == "false")
            {
                continue;
            }

            OpenIf(w, cond);
            EmitReadValue(w, f, $"result.{f.Name}", "reader");
            CloseIf(w, cond);
        }

        if (!_spec.FlexibleVersions.IsEmpty)
        {
            var tagged = TaggedFields(fields);
            w.Open("if (flexible)");
            w.Line("var tagCount = reader.ReadTagCount();");
            w.Line("var previousTag = -1;");
            w.Open("for (var t = 0; t < tagCount; t++)");
            w.Line("var tagReader = reader.ReadTaggedField(previousTag, out var tag, out var tagData);");
            w.Line("previousTag = tag;");
            w.Open("switch (tag)");
            foreach (var f in tagged)
            {
                var cond = Cond(f.Versions.Intersect(f.TaggedVersions));
                w.Open(cond is null ? $"case {f.Tag}:" : $"case {f.Tag} when {cond}:");
                EmitReadValue(w, f, $"result.{f.Name}", "tagReader");
                w.Line("tagReader.EnsureTaggedFieldConsumed(tag);");
                w.Line("break;");
                w.Close();
            }

            w.Line("default:");
            w.Line("    (result.UnknownTaggedFields ??= new()).Add(new RawTaggedField(tag, tagData));");
            w.Line("    break;");
            w.Close();
            w.Close();
            w.Close();
        }

        w.Line("return result;");
        w.Close();
        w.Line();
    }

    private void EmitMinSize(CodeWriter w, IReadOnlyList<FieldSpec> fields)
    {
        w.Line("/// <summary>Fewest bytes an encoding can take at <paramref name=\"version\"/>; bounds array counts before allocation.</summary>");
        w.Line("/// <param name=\"version\">The API version.</param>");
        w.Line("/// <returns>The minimum encoded size.</returns>");
        w.Open("internal static int MinSize(short version)");
        EmitFlexibleLocal(w);
        w.Line("var size = 0;");
        foreach (var f in fields)
        {
            var cond = Cond(f.RegularVersions);
            if (cond == "false")
            {
                continue;
            }

            var expr = MinSizeExpr(f.Type, f.IsNullable, FlexOf(f));
            w.Line(cond is null ? $"size += {expr};" : $"size += ({cond}) ? {expr} : 0;");
        }

        if (!_spec.FlexibleVersions.IsEmpty)
        {
            w.Line("size += flexible ? 1 : 0;");
        }

        w.Line("return size;");
        w.Close();
        w.Line();
    }

    private void EmitIsDefault(CodeWriter w, IReadOnlyList<FieldSpec> fields)
    {
        w.Line("/// <summary>True when every field holds its default and no unknown tagged fields are kept.</summary>");
        w.Line("/// <returns>Whether this value equals a new instance.</returns>");
        w.Open("internal bool IsDefaultValue()");
        w.Line("return (UnknownTaggedFields is null || UnknownTaggedFields.Count == 0)");
        foreach (var f in fields)
        {
            w.Line($"    && !({NonDefault(f, f.Name)})");
        }

        w.Line("    ;");
        w.Close();
    }

    private static List<FieldSpec> TaggedFields(IReadOnlyList<FieldSpec> fields) =>
        fields.Where(f => f.IsTagged).OrderBy(f => f.Tag).ToList();

    private void EmitFlexibleLocal(CodeWriter w)
    {
        if (!_spec.FlexibleVersions.IsEmpty)
        {
            w.Line($"var flexible = version >= {_spec.FlexibleVersions.Min.ToString(CultureInfo.InvariantCulture)};");
        }
    }

    private static void OpenIf(CodeWriter w, string? cond)
    {
        if (cond is not null)
        {
            w.Open($"if ({cond})");
        }
    }

    private static void CloseIf(CodeWriter w, string? cond)
    {
        if (cond is not null)
        {
            w.Close();
        }
    }
}
