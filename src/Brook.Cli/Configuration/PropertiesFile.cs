namespace Brook.Cli.Configuration;

/// <summary>
/// Reads Java <c>.properties</c> text as Kafka tools do for <c>--producer.config</c>: one <c>key=value</c> (or
/// <c>key:value</c>) per line, surrounding blanks trimmed, <c>#</c> and <c>!</c> comment lines and blank lines
/// skipped, a line ending in a backslash continued on the next. Later keys override earlier ones.
/// </summary>
internal static class PropertiesFile
{
    /// <summary>Parses properties text; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="FormatException">A line has no '=' or ':' or an empty key; the message names file and line.</exception>
    public static Dictionary<string, string> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + lines[++i].Trim();
            }

            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var cut = line.IndexOfAny(['=', ':']);
            if (cut <= 0)
            {
                throw new FormatException($"{source}:{lineNumber}: expected 'key=value', got '{line}'.");
            }

            result[line[..cut].Trim()] = line[(cut + 1)..].Trim();
        }

        return result;
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    public static Dictionary<string, string> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--producer.config file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }
}
