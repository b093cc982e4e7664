using Brook.Cli.Engines;
using Brook.Cli.Faults;
using Brook.Cli.Settings;
using Brook.Cluster;
using Spectre.Console.Cli;

namespace Brook.Cli.Commands;

/// <summary>
/// <c>brook cluster</c>: starts the embedded cluster, prints the bootstrap list alone as the first stdout line, then
/// answers fault commands from stdin (one <c>ok</c>/<c>error</c> line each) until Ctrl-C/SIGTERM. End of stdin does
/// not stop the cluster. Logs go to stderr.
/// </summary>
internal sealed class ClusterCommand(CliEnvironment env) : AsyncCommand<ClusterSettings>
{
    /// <summary>The cluster plan for the flags.</summary>
    public static ClusterPlan Plan(ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new EmbeddedClusterOptions
        {
            BrokerCount = settings.Brokers,
            BasePort = settings.Port ?? 0,
            DefaultPartitions = settings.Partitions,
            DefaultReplicationFactor = settings.ReplicationFactor,
            DefaultTopicConfig = new TopicConfig { MinInsyncReplicas = settings.MinInsyncReplicas },
        };
        var topics = new List<TopicSpec>(settings.Topics.Length);
        foreach (var topic in settings.Topics)
        {
            topics.Add(TopicSpec.Parse(topic, settings.Partitions, settings.ReplicationFactor));
        }

        return new ClusterPlan(options, topics);
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, ClusterSettings settings, CancellationToken cancellationToken)
    {
        var plan = Plan(settings);
        var cluster = await env.Engines.StartClusterAsync(plan, cancellationToken).ConfigureAwait(false);
        await using (cluster.ConfigureAwait(false))
        {
            await env.Out.WriteLineAsync(cluster.BootstrapServers).ConfigureAwait(false);
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await env.Error.WriteLineAsync(
                $"brook cluster: {settings.Brokers} broker(s) on {cluster.BootstrapServers}; fault commands on stdin ('help' lists them); Ctrl-C stops.").ConfigureAwait(false);
            await ServeAsync(env.In, env.Out, new FaultExecutor(cluster), cancellationToken).ConfigureAwait(false);
            await env.Error.WriteLineAsync("brook cluster: stdin closed; running until Ctrl-C/SIGTERM.").ConfigureAwait(false);
            await WaitForCancellationAsync(cancellationToken).ConfigureAwait(false);
            await env.Error.WriteLineAsync("brook cluster: stopping.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Answers stdin lines until end of input or cancellation.</summary>
    internal static async Task ServeAsync(TextReader input, TextWriter output, FaultExecutor executor, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                return;
            }

            var answer = await executor.ExecuteLineAsync(line).ConfigureAwait(false);
            if (answer is not null)
            {
                await output.WriteLineAsync(answer).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C/SIGTERM: dispose the cluster gracefully.
        }
    }
}
