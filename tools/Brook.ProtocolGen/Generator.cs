namespace Brook.ProtocolGen;

/// <summary>Turns a Definitions directory into the generated files (name → text), in memory.</summary>
public static class Generator
{
    /// <summary>File name of the generated registry.</summary>
    public const string RegistryFile = "MessageRegistry.g.cs";

    /// <summary>Parses every <c>*.json</c> under <paramref name="definitionsDirectory"/>.</summary>
    public static IReadOnlyList<MessageSpec> LoadSpecs(string definitionsDirectory)
    {
        var specs = new List<MessageSpec>();
        foreach (var path in Directory.GetFiles(definitionsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var spec = SpecParser.Parse(File.ReadAllText(path), fileName);
            if (!string.Equals(Path.GetFileNameWithoutExtension(path), spec.Name, StringComparison.Ordinal))
            {
                throw new FormatException($"{fileName}: defines {spec.Name}; the file must be named {spec.Name}.json.");
            }

            specs.Add(spec);
        }

        return specs;
    }

    /// <summary>Generates every file for <paramref name="specs"/>: one per message plus the registry.</summary>
    public static SortedDictionary<string, string> Generate(IReadOnlyList<MessageSpec> specs)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            files[$"{spec.Name}.g.cs"] = new MessageEmitter(spec).Emit();
        }

        var duplicates = specs.Where(s => s.ApiKey is not null).GroupBy(s => (s.ApiKey, s.Type)).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            throw new FormatException($"Two definitions share API key {duplicates[0].Key.ApiKey} as {duplicates[0].Key.Type}: {string.Join(", ", duplicates[0].Select(s => s.SourceFile))}.");
        }

        files[RegistryFile] = RegistryEmitter.Emit(specs);
        return files;
    }

    /// <summary>Finds the repository root (the directory holding Brook.slnx) above <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Brook.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Brook.slnx above {start}; run from inside the repository or pass the root as an argument.");
    }
}
