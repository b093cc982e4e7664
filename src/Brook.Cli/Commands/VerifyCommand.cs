using Brook.Cli.Engines;
using Brook.Cli.Settings;
using Brook.Cli.Verify;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook verify</c>: reads the topic from the beginning up to the end offsets it finds, checks the sequenced records
/// and prints the verdict line (<c>PASS …</c> or <c>FAIL …</c>) then, on FAIL, one <c>gap STREAM FROM..TO</c> line per
/// missing range (at most 10). Exit 0 only on PASS.
/// </summary>
internal sealed class VerifyCommand(CliEnvironment env) : AsyncCommand<VerifySettings>
{
    /// <summary>Stop reading after this long without a record, even before the end offsets.</summary>
    public const int IdleTimeoutMs = 30_000;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        var options = new ReaderOptions(
            settings.Bootstrap!,
            settings.Topic!,
            FromBeginning: true,
            Group: null,
            settings.Isolation == "read_committed",
            MaxMessages: null,
            IdleTimeoutMs,
            StopAtEnd: true);
        await env.Engines.CheckReachableAsync(options.Bootstrap, cancellationToken).ConfigureAwait(false);
        var reader = env.Engines.CreateReader(options);
        var checker = new SequenceChecker();
        await using (reader.ConfigureAwait(false))
        {
            await foreach (var r in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                checker.Add(r.Partition, r.Offset, r.Key, r.Key is not null, r.Value);
            }
        }

        return await ReportAsync(env.Out, checker.Result(settings.Expect!.Value)).ConfigureAwait(false);
    }

    /// <summary>Prints the verdict and gap lines; returns the exit code.</summary>
    internal static async Task<int> ReportAsync(TextWriter output, VerifyResult result)
    {
        await output.WriteLineAsync(result.Line()).ConfigureAwait(false);
        if (!result.Passed)
        {
            foreach (var gap in result.Gaps)
            {
                await output.WriteLineAsync("gap " + gap).ConfigureAwait(false);
            }
        }

        await output.FlushAsync().ConfigureAwait(false);
        return result.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
