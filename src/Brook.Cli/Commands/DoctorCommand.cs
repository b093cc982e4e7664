using Brook.Cli.Doctor;
using Brook.Cli.Engines;
using Brook.Cli.Settings;
using Brook.Producer;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook doctor</c>: connectivity steps, a short probe produce, then the playbook's findings from the live metrics,
/// each with the config change to try. Without <c>--bootstrap</c> it runs against an embedded cluster twice: with
/// the defaults, then with a deliberately poor config (linger.ms=0, batch.size=1024) to show a finding.
/// Exit 1 when a finding is an error.
/// </summary>
internal sealed class DoctorCommand(CliEnvironment env) : AsyncCommand<DoctorSettings>
{
    /// <summary>Topic the probe produces to.</summary>
    public const string ProbeTopic = "brook-doctor";

    /// <summary>The deliberately poor config of the embedded demonstration.</summary>
    public static readonly KeyValuePair<string, string>[] PoorConfig = [new("linger.ms", "0"), new("batch.size", "1024")];

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DoctorSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Bootstrap is { } bootstrap)
        {
            return await DiagnoseAsync(bootstrap, ProducerOptions.FromProperties([new("bootstrap.servers", bootstrap)]), "live cluster", cancellationToken).ConfigureAwait(false);
        }

        var cluster = await env.Engines.StartClusterAsync(PerfCommand.EmbeddedPlan(ProbeTopic), cancellationToken).ConfigureAwait(false);
        await using (cluster.ConfigureAwait(false))
        {
            var defaults = ProducerOptions.FromProperties([new("bootstrap.servers", cluster.BootstrapServers)]);
            var code = await DiagnoseAsync(cluster.BootstrapServers, defaults, "embedded cluster, default config", cancellationToken).ConfigureAwait(false);
            var poor = ProducerOptions.FromProperties(PoorConfig, defaults);
            await DiagnoseAsync(cluster.BootstrapServers, poor, "embedded cluster, deliberately poor config (linger.ms=0 batch.size=1024)", cancellationToken).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>Renders the findings; returns 1 when any is an error.</summary>
    internal static int Render(IAnsiConsole console, string title, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(findings);
        console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        if (findings.Count == 0)
        {
            console.WriteLine("no findings: the producer metrics are within the playbook's thresholds");
            return ExitCodes.Success;
        }

        var table = new Table().AddColumn("severity").AddColumn("area").AddColumn("evidence").AddColumn("try");
        var code = ExitCodes.Success;
        foreach (var f in findings)
        {
            table.AddRow(f.Severity.ToString(), f.Area, Markup.Escape(f.Evidence), Markup.Escape(f.Advice));
            if (f.Severity == Severity.Error)
            {
                code = ExitCodes.Failure;
            }
        }

        console.Write(table);
        return code;
    }

    private async Task<int> DiagnoseAsync(string bootstrap, ProducerOptions options, string title, CancellationToken cancellationToken)
    {
        var probe = await env.Engines.ProbeAsync(bootstrap, ProbeTopic, options, cancellationToken).ConfigureAwait(false);
        foreach (var step in probe.Steps)
        {
            env.Console.WriteLine(step);
        }

        return Render(env.Console, title, DoctorRules.Diagnose(probe.Metrics, probe.Facts));
    }
}
