using System.Globalization;
using System.Text.Json;

namespace Brook.ProtocolGen;

/// <summary>Reads Kafka-format JSON message definitions (with // comments) into <see cref="MessageSpec"/>s.</summary>
public static class SpecParser
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses one definition; <paramref name="sourceFile"/> names it in errors.</summary>
    public static MessageSpec Parse(string json, string sourceFile)
    {
        using var document = JsonDocument.Parse(json, Options);
        var root = document.RootElement;
        var name = RequiredString(root, "name", sourceFile);
        var what = $"{sourceFile} ({name})";
        var type = RequiredString(root, "type", what);
        if (type is not ("request" or "response" or "header" or "data"))
        {
            throw new FormatException($"{what}: type \"{type}\" must be request, response, header or data.");
        }

        short? apiKey = null;
        if (root.TryGetProperty("apiKey", out var key))
        {
            apiKey = key.ValueKind == JsonValueKind.Number
                ? key.GetInt16()
                : short.Parse(key.GetString()!, CultureInfo.InvariantCulture);
        }
        else if (type is "request" or "response")
        {
            throw new FormatException($"{what}: requests and responses need an apiKey.");
        }

        var valid = VersionRange.Parse(OptionalString(root, "validVersions") ?? throw new FormatException($"{what}: validVersions is required."), $"{what} validVersions");
        var flexible = VersionRange.Parse(OptionalString(root, "flexibleVersions") ?? "none", $"{what} flexibleVersions");
        if (!flexible.IsEmpty && !flexible.IsOpenEnded)
        {
            throw new FormatException($"{what}: flexibleVersions must be \"none\" or open-ended (\"N+\"), not \"{flexible}\".");
        }

        var fields = ParseFields(root, what, valid);
        var common = new List<StructSpec>();
        if (root.TryGetProperty("commonStructs", out var structs))
        {
            foreach (var s in structs.EnumerateArray())
            {
                var structName = RequiredString(s, "name", what);
                var versions = VersionRange.Parse(OptionalString(s, "versions") ?? "0+", $"{what} commonStruct {structName} versions");
                common.Add(new StructSpec(structName, versions, ParseFields(s, $"{what} {structName}", versions), OptionalString(s, "about")));
            }
        }

        return new MessageSpec
        {
            Name = name,
            Type = type,
            ApiKey = apiKey,
            ValidVersions = valid,
            FlexibleVersions = flexible,
            LatestVersionUnstable = root.TryGetProperty("latestVersionUnstable", out var unstable) && unstable.ValueKind == JsonValueKind.True,
            Fields = fields,
            CommonStructs = common,
            SourceFile = sourceFile,
        };
    }

    private static List<FieldSpec> ParseFields(JsonElement owner, string what, VersionRange ownerVersions)
    {
        var result = new List<FieldSpec>();
        if (!owner.TryGetProperty("fields", out var fields))
        {
            return result;
        }

        foreach (var f in fields.EnumerateArray())
        {
            result.Add(ParseField(f, what, ownerVersions));
        }

        return result;
    }

    private static FieldSpec ParseField(JsonElement f, string what, VersionRange ownerVersions)
    {
        var name = RequiredString(f, "name", what);
        var fieldWhat = $"{what}.{name}";
        var type = FieldType.Parse(RequiredString(f, "type", fieldWhat), fieldWhat);
        var versions = VersionRange.Parse(OptionalString(f, "versions") ?? throw new FormatException($"{fieldWhat}: versions is required."), $"{fieldWhat} versions");
        var nullable = VersionRange.Parse(OptionalString(f, "nullableVersions") ?? "none", $"{fieldWhat} nullableVersions");
        var tagged = VersionRange.Parse(OptionalString(f, "taggedVersions") ?? "none", $"{fieldWhat} taggedVersions");
        int? tag = f.TryGetProperty("tag", out var t) ? (t.ValueKind == JsonValueKind.Number ? t.GetInt32() : int.Parse(t.GetString()!, CultureInfo.InvariantCulture)) : null;
        if (tag is not null && tagged.IsEmpty)
        {
            throw new FormatException($"{fieldWhat}: has tag {tag} but no taggedVersions.");
        }

        if (tag is null && !tagged.IsEmpty)
        {
            throw new FormatException($"{fieldWhat}: has taggedVersions but no tag.");
        }

        if (!tagged.IsEmpty && !tagged.IsOpenEnded)
        {
            throw new FormatException($"{fieldWhat}: taggedVersions must be open-ended (\"N+\"), not \"{tagged}\".");
        }

        if (tag < 0)
        {
            throw new FormatException($"{fieldWhat}: tag {tag} must not be negative.");
        }

        if (!nullable.IsEmpty && type.IsScalar)
        {
            throw new FormatException($"{fieldWhat}: a {type.Kind} field cannot be nullable.");
        }

        string? flexibleText = OptionalString(f, "flexibleVersions");
        var nested = f.TryGetProperty("fields", out _) ? ParseFields(f, fieldWhat, versions) : null;
        if (nested is not null && !type.InvolvesStruct)
        {
            throw new FormatException($"{fieldWhat}: only struct or array-of-struct fields may have nested fields.");
        }

        return new FieldSpec
        {
            Name = name,
            Type = type,
            Versions = versions,
            NullableVersions = nullable,
            TaggedVersions = tagged,
            Tag = tag,
            FlexibleVersions = flexibleText is null ? null : VersionRange.Parse(flexibleText, $"{fieldWhat} flexibleVersions"),
            Default = f.TryGetProperty("default", out var d) ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()) : null,
            Ignorable = f.TryGetProperty("ignorable", out var ig) && ig.ValueKind == JsonValueKind.True,
            ZeroCopy = f.TryGetProperty("zeroCopy", out var zc) && zc.ValueKind == JsonValueKind.True,
            MapKey = f.TryGetProperty("mapKey", out var mk) && mk.ValueKind == JsonValueKind.True,
            EntityType = OptionalString(f, "entityType"),
            About = OptionalString(f, "about"),
            Fields = nested,
        };
    }

    private static string RequiredString(JsonElement e, string property, string what) =>
        OptionalString(e, property) ?? throw new FormatException($"{what}: \"{property}\" is required.");

    private static string? OptionalString(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            }
            : null;
}
