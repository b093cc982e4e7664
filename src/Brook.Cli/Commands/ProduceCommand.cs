using System.Text;
using Brook.Cli.Configuration;
using Brook.Cli.Settings;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook produce</c>: one record per stdin line (key before <c>--key-separator</c>, if given), every
/// <c>--header</c> on each record. Exit 1, with the count and first reason, if any record failed.
/// </summary>
internal sealed class ProduceCommand(CliEnvironment env) : AsyncCommand<ProduceSettings>
{
    /// <summary>Records awaited together.</summary>
    private const int Window = 256;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ProduceSettings settings, CancellationToken cancellationToken)
    {
        var (_, options) = ProducerProperties.Resolve(null, settings.ProducerProps, settings.Bootstrap);
        var headers = new List<KeyValuePair<string, byte[]>>(settings.Headers.Length);
        foreach (var header in settings.Headers)
        {
            var (k, v) = ProducerProperties.ParsePair(header, "--header");
            headers.Add(new(k, Encoding.UTF8.GetBytes(v)));
        }

        await env.Engines.CheckReachableAsync(settings.Bootstrap!, cancellationToken).ConfigureAwait(false);
        var producer = env.Engines.CreateRecordProducer(options);
        long lines = 0, failed = 0;
        string? firstError = null;
        await using (producer.ConfigureAwait(false))
        {
            var pending = new List<Task>(Window);
            string? line;
            while ((line = await env.In.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                lines++;
                if (!TrySplit(line, settings.KeySeparator, out var key, out var value))
                {
                    failed++;
                    firstError ??= $"line {lines} has no key separator '{settings.KeySeparator}'";
                    continue;
                }

                pending.Add(producer.ProduceAsync(settings.Topic!, key, value, headers, cancellationToken).AsTask());
                if (pending.Count == Window)
                {
                    (failed, firstError) = await DrainAsync(pending, failed, firstError).ConfigureAwait(false);
                }
            }

            (failed, firstError) = await DrainAsync(pending, failed, firstError).ConfigureAwait(false);
            await producer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (failed > 0)
        {
            throw new CliException($"{failed} of {lines} records failed; first error: {firstError}");
        }

        await env.Error.WriteLineAsync($"brook produce: {lines} records acknowledged").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Splits a line into key and value at the first separator; no separator given means no key.</summary>
    internal static bool TrySplit(string line, string? separator, out byte[]? key, out byte[] value)
    {
        if (separator is null)
        {
            key = null;
            value = Encoding.UTF8.GetBytes(line);
            return true;
        }

        var cut = line.IndexOf(separator, StringComparison.Ordinal);
        if (cut < 0)
        {
            key = null;
            value = [];
            return false;
        }

        key = Encoding.UTF8.GetBytes(line[..cut]);
        value = Encoding.UTF8.GetBytes(line[(cut + separator.Length)..]);
        return true;
    }

    private static async Task<(long Failed, string? FirstError)> DrainAsync(List<Task> pending, long failed, string? firstError)
    {
        foreach (var task in pending)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                firstError ??= ex.Message;
            }
        }

        pending.Clear();
        return (failed, firstError);
    }
}
