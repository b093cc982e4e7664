using Brook.ProtocolGen;

// Usage: dotnet run --project tools/Brook.ProtocolGen [-- [--check] [repositoryRoot]]
// Regenerates src/Brook.Protocol/Generated/*.g.cs from src/Brook.Protocol/Definitions/*.json;
// --check writes nothing and exits 1 when a generated file is stale, missing or orphaned.
var check = args.Contains("--check");
var rootArg = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
var root = rootArg ?? Generator.FindRepositoryRoot(Directory.GetCurrentDirectory());
var definitions = Path.Combine(root, "src", "Brook.Protocol", "Definitions");
var output = Path.Combine(root, "src", "Brook.Protocol", "Generated");

try
{
    var files = Generator.Generate(Generator.LoadSpecs(definitions));
    Directory.CreateDirectory(output);
    var problems = 0;
    foreach (var (name, text) in files)
    {
        var path = Path.Combine(output, name);
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (current == text)
        {
            continue;
        }

        problems++;
        Console.WriteLine($"{(current is null ? "new" : "changed")}: {name}");
        if (!check)
        {
            File.WriteAllText(path, text);
        }
    }

    foreach (var path in Directory.GetFiles(output, "*.g.cs"))
    {
        if (!files.ContainsKey(Path.GetFileName(path)))
        {
            problems++;
            Console.WriteLine($"orphaned: {Path.GetFileName(path)}");
            if (!check)
            {
                File.Delete(path);
            }
        }
    }

    Console.WriteLine($"{files.Count} files, {problems} {(check ? "stale" : "updated")}.");
    return check && problems > 0 ? 1 : 0;
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
