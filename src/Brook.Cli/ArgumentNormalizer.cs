namespace Brook.Cli;

/// <summary>
/// Rewrites the command line into the form the parser takes one value per flag occurrence in:
/// <c>--producer-props a=1 b=2</c> (kafka-producer-perf-test's multi-value form) becomes
/// <c>--producer-props a=1 --producer-props b=2</c>; values are taken up to the next token starting with <c>-</c>.
/// Kafka's <c>--producer.config</c> (a dot the parser does not allow in option names) becomes
/// <c>--producer-config</c>, also in its <c>--producer.config=FILE</c> form.
/// </summary>
internal static class ArgumentNormalizer
{
    /// <summary>Flags that take several values after one occurrence.</summary>
    public static readonly string[] MultiValueFlags = ["--producer-props"];

    /// <summary>Kafka's spelling of the properties-file flag.</summary>
    public const string KafkaConfigFlag = "--producer.config";

    /// <summary>The parser's spelling of it.</summary>
    public const string ConfigFlag = "--producer-config";

    /// <summary>The rewritten arguments.</summary>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == KafkaConfigFlag)
            {
                arg = ConfigFlag;
            }
            else if (arg.StartsWith(KafkaConfigFlag + "=", StringComparison.Ordinal))
            {
                arg = ConfigFlag + arg[KafkaConfigFlag.Length..];
            }

            result.Add(arg);
            if (Array.IndexOf(MultiValueFlags, arg) < 0)
            {
                continue;
            }

            var first = true;
            while (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                if (!first)
                {
                    result.Add(arg);
                }

                result.Add(args[++i]);
                first = false;
            }
        }

        return [.. result];
    }
}
