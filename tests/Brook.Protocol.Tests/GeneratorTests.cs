using Brook.ProtocolGen;

namespace Brook.Protocol.Tests;

public sealed class GeneratorTests
{
    internal static string RepositoryRoot { get; } = Generator.FindRepositoryRoot(AppContext.BaseDirectory);

    internal static string DefinitionsDirectory { get; } = Path.Combine(RepositoryRoot, "src", "Brook.Protocol", "Definitions");

    internal static string GeneratedDirectory { get; } = Path.Combine(RepositoryRoot, "src", "Brook.Protocol", "Generated");

    [Fact]
    public void CommittedOutput_MatchesRegeneration()
    {
        var files = Generator.Generate(Generator.LoadSpecs(DefinitionsDirectory));
        var stale = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(GeneratedDirectory, name);
            if (!File.Exists(path))
            {
                stale.Add($"missing {name}");
            }
            else if (File.ReadAllText(path) != text)
            {
                stale.Add($"stale {name}");
            }
        }

        foreach (var path in Directory.GetFiles(GeneratedDirectory, "*.g.cs"))
        {
            if (!files.ContainsKey(Path.GetFileName(path)))
            {
                stale.Add($"orphaned {Path.GetFileName(path)}");
            }
        }

        Assert.True(stale.Count == 0, "Run `dotnet run --project tools/Brook.ProtocolGen`: " + string.Join(", ", stale));
    }

    [Theory]
    [InlineData("0-11", 0, 11)]
    [InlineData("3+", 3, short.MaxValue)]
    [InlineData("7", 7, 7)]
    public void VersionRange_Parse_ReadsAllForms(string text, short min, short max)
    {
        var range = VersionRange.Parse(text, "test");
        Assert.Equal(min, range.Min);
        Assert.Equal(max, range.Max);
    }

    [Fact]
    public void VersionRange_None_IsEmpty() => Assert.True(VersionRange.Parse("none", "test").IsEmpty);

    [Fact]
    public void Parse_AcceptsCommentsAndEveryFieldProperty()
    {
        const string json = """
            // leading comment
            {
              "apiKey": 99, "type": "request", "name": "TestRequest", "validVersions": "0-3", "flexibleVersions": "2+",
              "deprecatedVersions": "0", "latestVersionUnstable": true, "listeners": ["broker"],
              "fields": [
                { "name": "A", "type": "int32", "versions": "0+", "default": "0x10", "entityType": "brokerId", "about": "x" }, // trailing
                { "name": "B", "type": "string", "versions": "1+", "nullableVersions": "1+", "default": "null", "ignorable": true },
                { "name": "C", "type": "[]Shared", "versions": "0+" },
                { "name": "D", "type": "bytes", "versions": "0+", "zeroCopy": true },
                { "name": "E", "type": "string", "versions": "0+", "flexibleVersions": "none" },
                { "name": "F", "type": "int64", "versions": "2+", "taggedVersions": "2+", "tag": 5, "default": "-1" }
              ],
              "commonStructs": [
                { "name": "Shared", "versions": "0+", "fields": [ { "name": "K", "type": "int8", "versions": "0+", "mapKey": true } ] }
              ]
            }
            """;
        var spec = SpecParser.Parse(json, "TestRequest.json");
        Assert.True(spec.LatestVersionUnstable);
        Assert.Equal(6, spec.Fields.Count);
        Assert.Equal(5, spec.Fields[5].Tag);
        Assert.True(spec.Fields[4].FlexibleVersions!.Value.IsEmpty);
        var code = new MessageEmitter(spec).Emit();
        Assert.Contains("public int A { get; set; } = 16;", code, StringComparison.Ordinal);
        Assert.Contains("public global::System.ReadOnlyMemory<byte> D { get; set; }", code, StringComparison.Ordinal);
        Assert.Contains("writer.WriteString(E);", code, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class Shared : IProtocolMessage", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "A", "type": "int32", "versions": "0+", "tag": 1 }""", "taggedVersions")]
    [InlineData("""{ "name": "A", "type": "int32", "versions": "0+", "nullableVersions": "0+" }""", "nullable")]
    [InlineData("""{ "name": "A", "type": "widget", "versions": "0+" }""", "unknown type")]
    [InlineData("""{ "name": "A", "type": "Missing", "versions": "0+" }""", "not a commonStruct")]
    [InlineData("""{ "name": "A", "type": "int32", "versions": "0+", "taggedVersions": "0+", "tag": 1 }""", "flexibleVersions")]
    [InlineData("""{ "name": "Write", "type": "int32", "versions": "0+" }""", "collides")]
    public void BadDefinitions_FailWithAMessageNamingTheProblem(string field, string expected)
    {
        var json = $$"""{ "apiKey": 1, "type": "request", "name": "XRequest", "validVersions": "0-3", "flexibleVersions": "2+", "fields": [ {{field}} ] }""";
        var ex = Assert.Throws<FormatException>(() => new MessageEmitter(SpecParser.Parse(json, "XRequest.json")).Emit());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
