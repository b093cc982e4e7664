using Brook.Cli.Configuration;
using Brook.Cli.Doctor;
using Brook.Cli.Settings;
using Brook.Producer;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook doctor</c>: connectivity steps, a short probe produce, then the playbook's findings from the live metrics,
/// each with the config change to try. Without <c>--bootstrap</c> it runs against an embedded cluster twice: with
/// the config given (defaults), then - clearly labelled as a demonstration - with a deliberately poor config
/// (linger.ms=0, batch.size=100: one record per batch) so the batching finding shows. Exit 1 when a finding of the
/// diagnosed config is an error (the demonstration never fails the run).
/// </summary>
internal sealed class DoctorCommand(CliEnvironment env) : AsyncCommand<DoctorSettings>
{
    /// <summary>Topic the probe produces to.</summary>
    public const string ProbeTopic = "brook-doctor";

    /// <summary>Title prefix of the demonstration section.</summary>
    public const string DemonstrationTitle = "DEMONSTRATION";

    /// <summary>The deliberately poor config of the embedded demonstration: no linger, one record per batch.</summary>
    public static readonly KeyValuePair<string, string>[] PoorConfig = [new("linger.ms", "0"), new("batch.size", "100")];

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DoctorSettings settings, CancellationToken cancellationToken)
    {
        // Bad properties fail here, before anything connects.
        var (_, checkedOptions) = ProducerProperties.Resolve(settings.ProducerConfig, settings.ProducerProps, settings.Bootstrap ?? "127.0.0.1:9092");
        if (settings.Bootstrap is { } bootstrap)
        {
            return await DiagnoseAsync(bootstrap, settings.Topic, checkedOptions, $"diagnosis: {bootstrap}", cancellationToken).ConfigureAwait(false);
        }

        var cluster = await env.Engines.StartClusterAsync(PerfCommand.EmbeddedPlan(settings.Topic), cancellationToken).ConfigureAwait(false);
        await using (cluster.ConfigureAwait(false))
        {
            await env.Error.WriteLineAsync($"brook doctor: embedded 3-broker cluster on {cluster.BootstrapServers}").ConfigureAwait(false);
            var options = checkedOptions with { BootstrapServers = cluster.BootstrapServers };
            var code = await DiagnoseAsync(cluster.BootstrapServers, settings.Topic, options, "diagnosis: embedded cluster, your config", cancellationToken).ConfigureAwait(false);
            var poor = ProducerOptions.FromProperties(PoorConfig, options);
            env.Console.WriteLine();
            env.Console.Write(new Rule(Markup.Escape($"{DemonstrationTitle}: deliberately poor config {Describe(PoorConfig)}")).LeftJustified());
            env.Console.WriteLine("The same cluster once more, with a config chosen to go wrong: the findings below are expected and teach what the rule looks for.");
            await DiagnoseAsync(cluster.BootstrapServers, settings.Topic, poor, "demonstration: embedded cluster, poor config", cancellationToken).ConfigureAwait(false);
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

    private static string Describe(KeyValuePair<string, string>[] config) => string.Join(' ', Array.ConvertAll(config, p => $"{p.Key}={p.Value}"));

    private async Task<int> DiagnoseAsync(string bootstrap, string topic, ProducerOptions options, string title, CancellationToken cancellationToken)
    {
        var probe = await env.Engines.ProbeAsync(bootstrap, topic, options, cancellationToken).ConfigureAwait(false);
        env.Console.Write(new Rule(Markup.Escape(title)).LeftJustified());
        foreach (var step in probe.Steps)
        {
            env.Console.WriteLine(step);
        }

        return Render(env.Console, "findings", DoctorRules.Diagnose(probe.Metrics, probe.Facts));
    }
}
