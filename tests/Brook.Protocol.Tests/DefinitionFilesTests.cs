using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Brook.Protocol.Tests;

/// <summary>
/// Structural checks over every message definition in src/Brook.Protocol/Definitions (protocol.md §11), so a
/// mistake in a hand-written file fails here, before the generator or a peer sees it.
/// </summary>
public sealed partial class DefinitionFilesTests
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    private static readonly HashSet<string> Primitives =
        ["bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64", "string", "uuid", "bytes", "records"];

    private static readonly HashSet<string> NullableCapable = ["string", "bytes", "uuid", "records"];

    private static readonly HashSet<string> KnownTopLevel =
    [
        "apiKey", "type", "name", "validVersions", "flexibleVersions", "deprecatedVersions",
        "latestVersionUnstable", "listeners", "fields", "commonStructs",
    ];

    private static readonly HashSet<string> KnownFieldProperties =
    [
        "name", "type", "versions", "nullableVersions", "default", "ignorable", "taggedVersions", "tag",
        "flexibleVersions", "mapKey", "entityType", "zeroCopy", "about", "fields",
    ];

    public static TheoryData<string> DefinitionFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(DefinitionsDirectory(), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Definitions_DirectoryHoldsTheMustHaveMessages()
    {
        var names = Directory.EnumerateFiles(DefinitionsDirectory(), "*.json")
            .Select(static p => Path.GetFileNameWithoutExtension(p))
            .ToHashSet(StringComparer.Ordinal);
        string[] mustHave =
        [
            "ListOffsets", "OffsetCommit", "OffsetFetch", "FindCoordinator", "JoinGroup", "Heartbeat", "LeaveGroup",
            "SyncGroup", "CreateTopics", "OffsetForLeaderEpoch", "AddPartitionsToTxn", "AddOffsetsToTxn", "EndTxn",
            "TxnOffsetCommit",
        ];

        foreach (var api in mustHave)
        {
            Assert.Contains(api + "Request", names);
            Assert.Contains(api + "Response", names);
        }
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Definition_IsWellFormed(string fileName)
    {
        using var doc = Parse(fileName);
        var root = doc.RootElement;
        var errors = new List<string>();

        foreach (var property in root.EnumerateObject())
        {
            Check(errors, KnownTopLevel.Contains(property.Name), $"unknown top-level property '{property.Name}'");
        }

        var type = RequiredString(root, "type", errors);
        var name = RequiredString(root, "name", errors);
        Check(errors, name == Path.GetFileNameWithoutExtension(fileName), $"name '{name}' does not match the file name");
        Check(errors, type is "request" or "response" or "header" or "data", $"type '{type}' is not request/response/header/data");
        if (type is "request" or "response")
        {
            Check(errors, root.TryGetProperty("apiKey", out var key) && key.ValueKind == JsonValueKind.Number, "apiKey missing");
            Check(errors, name.EndsWith(type == "request" ? "Request" : "Response", StringComparison.Ordinal), $"a {type} must be named *{(type == "request" ? "Request" : "Response")}");
        }
        else
        {
            Check(errors, !root.TryGetProperty("apiKey", out _), $"a {type} has no apiKey");
        }

        var valid = ParseRange(RequiredString(root, "validVersions", errors), allowNone: false, errors, "validVersions");
        var flexible = ParseRange(RequiredString(root, "flexibleVersions", errors), allowNone: true, errors, "flexibleVersions");
        Check(errors, valid is { IsNone: false }, "validVersions must name at least one version");

        var commonStructs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("commonStructs", out var common))
        {
            foreach (var structElement in common.EnumerateArray())
            {
                var structName = RequiredString(structElement, "name", errors);
                Check(errors, commonStructs.TryAdd(structName, structElement), $"common struct '{structName}' defined twice");
            }
        }

        Check(errors, root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array, "fields missing");
        if (valid is { IsNone: false } validRange && fields.ValueKind == JsonValueKind.Array)
        {
            var context = new CheckContext(errors, validRange, flexible ?? VersionRange.None, commonStructs, new HashSet<string>(StringComparer.Ordinal));
            CheckStruct(context, name, fields, validRange, isArrayElement: false);
            foreach (var (structName, structElement) in commonStructs)
            {
                var structVersions = ParseRange(RequiredString(structElement, "versions", errors), allowNone: false, errors, structName) ?? validRange;
                Check(errors, context.StructNames.Add(structName), $"struct name '{structName}' used twice");
                CheckStruct(context, structName, structElement.GetProperty("fields"), structVersions, isArrayElement: true);
            }
        }

        Assert.True(errors.Count == 0, $"{fileName}:\n  " + string.Join("\n  ", errors));
    }

    [Fact]
    public void RequestResponsePairs_ShareApiKeyAndVersions()
    {
        var problems = new List<string>();
        var requests = Directory.EnumerateFiles(DefinitionsDirectory(), "*Request.json")
            .Where(static p => !Path.GetFileName(p).Equals("RequestHeader.json", StringComparison.Ordinal));

        foreach (var requestPath in requests)
        {
            var api = Path.GetFileNameWithoutExtension(requestPath)[..^"Request".Length];
            var responsePath = Path.Combine(DefinitionsDirectory(), api + "Response.json");
            if (!File.Exists(responsePath))
            {
                problems.Add($"{api}: response file missing");
                continue;
            }

            using var request = Parse(Path.GetFileName(requestPath));
            using var response = Parse(Path.GetFileName(responsePath));
            foreach (var property in new[] { "apiKey", "validVersions", "flexibleVersions" })
            {
                var a = request.RootElement.GetProperty(property).ToString();
                var b = response.RootElement.GetProperty(property).ToString();
                if (a != b)
                {
                    problems.Add($"{api}: {property} differs (request {a}, response {b})");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ApiKeys_AreUniqueAcrossApis()
    {
        var byKey = new Dictionary<int, string>();
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(DefinitionsDirectory(), "*Request.json"))
        {
            using var doc = Parse(Path.GetFileName(path));
            if (!doc.RootElement.TryGetProperty("apiKey", out var key))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(path);
            if (!byKey.TryAdd(key.GetInt32(), name))
            {
                problems.Add($"apiKey {key.GetInt32()} used by {byKey[key.GetInt32()]} and {name}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("0+", 0, int.MaxValue)]
    [InlineData("3", 3, 3)]
    [InlineData("2-7", 2, 7)]
    public void ParseRange_AcceptsKafkaVersionSyntax(string text, int low, int high)
    {
        var errors = new List<string>();

        var range = ParseRange(text, allowNone: false, errors, "test");

        Assert.Empty(errors);
        Assert.Equal(new VersionRange(low, high), range);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7-2")]
    [InlineData("+3")]
    [InlineData("1-")]
    [InlineData("none")]
    [InlineData("3 +")]
    public void ParseRange_RejectsMalformedStrings(string text)
    {
        var errors = new List<string>();

        ParseRange(text, allowNone: false, errors, "test");

        Assert.NotEmpty(errors);
    }

    private static void CheckStruct(CheckContext context, string structName, JsonElement fields, VersionRange parent, bool isArrayElement)
    {
        var errors = context.Errors;
        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        var tags = new HashSet<int>();
        foreach (var field in fields.EnumerateArray())
        {
            var name = RequiredString(field, "name", errors);
            var where = $"{structName}.{name}";
            foreach (var property in field.EnumerateObject())
            {
                Check(errors, KnownFieldProperties.Contains(property.Name), $"{where}: unknown property '{property.Name}'");
            }

            Check(errors, fieldNames.Add(name), $"{where}: duplicate field name");
            Check(errors, name.Length > 0 && char.IsUpper(name[0]), $"{where}: field names are PascalCase");
            var type = RequiredString(field, "type", errors);
            var versions = ParseRange(RequiredString(field, "versions", errors), allowNone: true, errors, where + " versions");
            if (versions is not { } v)
            {
                continue;
            }

            if (!v.IsNone)
            {
                // Kafka's format lets a field keep "0+" after old versions leave validVersions (Fetch "4-12"
                // with fields "0+"): the field exists where its range meets its parent's, so that must not be empty.
                var clamped = v.ClampTo(context.Valid);
                var parentClamped = parent.ClampTo(context.Valid);
                Check(errors, Math.Max(v.Low, parentClamped.Low) <= Math.Min(clamped.High, parentClamped.High), $"{where}: versions {v} never meet {parent}");
                Check(errors, v.Low <= context.Valid.High, $"{where}: versions {v} start after validVersions {context.Valid}");
                Check(errors, v.High == int.MaxValue || v.High <= context.Valid.High, $"{where}: versions {v} end after validVersions {context.Valid}");
            }

            var isArray = type.StartsWith("[]", StringComparison.Ordinal);
            var elementType = isArray ? type[2..] : type;
            var isStruct = !Primitives.Contains(elementType);
            if (isStruct)
            {
                Check(errors, elementType.Length > 0 && char.IsUpper(elementType[0]), $"{where}: unknown type '{type}'");
            }

            if (field.TryGetProperty("nullableVersions", out var nullable))
            {
                ParseRange(nullable.GetString() ?? string.Empty, allowNone: true, errors, where + " nullableVersions");
                Check(errors, isArray || isStruct || NullableCapable.Contains(type), $"{where}: type {type} cannot be nullable");
            }

            CheckDefault(context, field, where, type, isArray || isStruct, v);
            CheckTagged(context, field, where, v, tags);

            if (field.TryGetProperty("mapKey", out var mapKey) && mapKey.GetBoolean())
            {
                Check(errors, isArrayElement, $"{where}: mapKey only applies to fields of an array element struct");
            }

            if (field.TryGetProperty("ignorable", out var ignorable))
            {
                Check(errors, ignorable.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{where}: ignorable must be a bool");
            }

            if (field.TryGetProperty("fields", out var nested))
            {
                Check(errors, isStruct, $"{where}: only struct types have nested fields");
                Check(errors, context.StructNames.Add(elementType), $"{where}: struct name '{elementType}' used twice");
                Check(errors, !context.CommonStructs.ContainsKey(elementType), $"{where}: '{elementType}' is also a common struct");
                CheckStruct(context, elementType, nested, v.IsNone ? parent : v, isArray);
            }
            else if (isStruct)
            {
                Check(errors, context.CommonStructs.ContainsKey(elementType), $"{where}: struct '{elementType}' has no fields and no common struct");
            }
        }
    }

    private static void CheckDefault(CheckContext context, JsonElement field, string where, string type, bool isCollection, VersionRange versions)
    {
        if (!field.TryGetProperty("default", out var defaultElement))
        {
            return;
        }

        var errors = context.Errors;
        var text = defaultElement.ValueKind == JsonValueKind.String ? defaultElement.GetString()! : defaultElement.ToString();
        if (text == "null")
        {
            var nullable = field.TryGetProperty("nullableVersions", out var n) ? ParseRange(n.GetString() ?? string.Empty, true, [], where) : null;
            Check(errors, nullable is { IsNone: false } nr && nr.Low <= versions.Low && nr.High >= versions.High, $"{where}: default null needs nullableVersions covering {versions}");
            return;
        }

        switch (type)
        {
            case "bool":
                Check(errors, text is "true" or "false", $"{where}: bool default '{text}'");
                break;
            case "int8" or "int16" or "int32" or "int64" or "uint16" or "uint32":
                Check(errors, IntegerDefault().IsMatch(text), $"{where}: integer default '{text}'");
                break;
            case "float64":
                Check(errors, double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{where}: float default '{text}'");
                break;
            case "string":
                break;
            default:
                Check(errors, false, $"{where}: type {type} cannot have a custom default{(isCollection ? " other than null" : string.Empty)}");
                break;
        }
    }

    private static void CheckTagged(CheckContext context, JsonElement field, string where, VersionRange versions, HashSet<int> tags)
    {
        var errors = context.Errors;
        var hasTagged = field.TryGetProperty("taggedVersions", out var taggedElement);
        var hasTag = field.TryGetProperty("tag", out var tagElement);
        Check(errors, hasTagged == hasTag, $"{where}: taggedVersions and tag go together");
        if (!hasTagged || !hasTag)
        {
            return;
        }

        var tagged = ParseRange(taggedElement.GetString() ?? string.Empty, allowNone: false, errors, where + " taggedVersions");
        if (tagged is { } t)
        {
            Check(errors, t.High == int.MaxValue, $"{where}: taggedVersions {t} must be open-ended");
            Check(errors, !context.Flexible.IsNone && t.Low >= context.Flexible.Low, $"{where}: taggedVersions {t} outside flexibleVersions {context.Flexible}");
            Check(errors, t.Low >= versions.Low && t.High <= versions.High, $"{where}: taggedVersions {t} outside versions {versions}");
        }

        Check(errors, tagElement.ValueKind == JsonValueKind.Number && tagElement.GetInt32() >= 0, $"{where}: tag must be a non-negative number");
        if (tagElement.ValueKind == JsonValueKind.Number)
        {
            Check(errors, tags.Add(tagElement.GetInt32()), $"{where}: tag {tagElement.GetInt32()} reused in the same struct");
        }
    }

    private static VersionRange? ParseRange(string text, bool allowNone, List<string> errors, string where)
    {
        if (text == "none")
        {
            Check(errors, allowNone, $"{where}: 'none' not allowed");
            return allowNone ? VersionRange.None : null;
        }

        var match = RangeSyntax().Match(text);
        if (!match.Success)
        {
            errors.Add($"{where}: malformed version string '{text}'");
            return null;
        }

        var low = int.Parse(match.Groups["low"].Value, CultureInfo.InvariantCulture);
        var high = match.Groups["plus"].Success ? int.MaxValue
            : match.Groups["high"].Success ? int.Parse(match.Groups["high"].Value, CultureInfo.InvariantCulture)
            : low;
        if (high < low)
        {
            errors.Add($"{where}: '{text}' ends before it starts");
            return null;
        }

        return new VersionRange(low, high);
    }

    private static string RequiredString(JsonElement element, string property, List<string> errors)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        errors.Add($"required string property '{property}' missing");
        return string.Empty;
    }

    private static void Check(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }

    private static JsonDocument Parse(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DefinitionsDirectory(), fileName)), JsonOptions);

    private static string DefinitionsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Brook.Protocol", "Definitions");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/Brook.Protocol/Definitions not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^(?<low>\d+)(?:(?<plus>\+)|-(?<high>\d+))?$")]
    private static partial Regex RangeSyntax();

    [GeneratedRegex(@"^(-?\d+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerDefault();

    private readonly record struct VersionRange(int Low, int High)
    {
        public static VersionRange None => new(-1, -1);

        public bool IsNone => Low < 0;

        public VersionRange ClampTo(VersionRange valid) => new(Low, Math.Min(High, valid.High));

        public override string ToString() => IsNone ? "none" : High == int.MaxValue ? $"{Low}+" : Low == High ? $"{Low}" : $"{Low}-{High}";
    }

    private sealed record CheckContext(
        List<string> Errors,
        VersionRange Valid,
        VersionRange Flexible,
        Dictionary<string, JsonElement> CommonStructs,
        HashSet<string> StructNames);
}
