using System.Text;
using Brook.Cli.Engines;
using Brook.Cli.Settings;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook consume</c>: prints each record as one line, <c>[headers TAB][key TAB]value</c> (null parts print
/// <c>null</c>, no headers <c>NO_HEADERS</c>, as Kafka's console consumer), and
/// <c>Processed a total of N messages</c> on stderr at the end.
/// </summary>
internal sealed class ConsumeCommand(CliEnvironment env) : AsyncCommand<ConsumeSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ConsumeSettings settings, CancellationToken cancellationToken)
    {
        var options = new ReaderOptions(
            settings.Bootstrap!,
            settings.Topic!,
            settings.FromBeginning,
            settings.Group,
            settings.Isolation == "read_committed",
            settings.MaxMessages,
            settings.TimeoutMs,
            StopAtEnd: false);
        await env.Engines.CheckReachableAsync(options.Bootstrap, cancellationToken).ConfigureAwait(false);
        var reader = env.Engines.CreateReader(options);
        long count = 0;
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                await foreach (var record in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    await env.Out.WriteLineAsync(Format(record, settings.PrintKey, settings.PrintHeaders)).ConfigureAwait(false);
                    count++;
                    if (count == settings.MaxMessages)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C ends a consume normally.
            }
        }

        await env.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await env.Error.WriteLineAsync($"Processed a total of {count} messages").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>One output line for a record.</summary>
    internal static string Format(ConsumedRecord record, bool printKey, bool printHeaders)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sb = new StringBuilder();
        if (printHeaders)
        {
            if (record.Headers.Count == 0)
            {
                sb.Append("NO_HEADERS");
            }

            for (var i = 0; i < record.Headers.Count; i++)
            {
                sb.Append(i == 0 ? string.Empty : ",").Append(record.Headers[i].Key).Append(':').Append(Text(record.Headers[i].Value));
            }

            sb.Append('\t');
        }

        if (printKey)
        {
            sb.Append(Text(record.Key)).Append('\t');
        }

        return sb.Append(Text(record.Value)).ToString();
    }

    private static string Text(byte[]? bytes) => bytes is null ? "null" : Encoding.UTF8.GetString(bytes);
}
