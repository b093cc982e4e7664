using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook cluster</c>.</summary>
internal sealed class ClusterSettings : CommandSettings
{
    /// <summary>Number of brokers.</summary>
    [CommandOption("--brokers <N>")]
    [Description("Number of brokers (ids 0..N-1).")]
    [DefaultValue(3)]
    public int Brokers { get; init; } = 3;

    /// <summary>First port; brokers take consecutive ports. Null for ephemeral ports.</summary>
    [CommandOption("--port <P>")]
    [Description("First port; brokers use P, P+1, ... Without it, ephemeral ports.")]
    public int? Port { get; init; }

    /// <summary>Default partition count of created topics.</summary>
    [CommandOption("--partitions <N>")]
    [Description("Default partitions for topics (--topic without a count, auto-created topics).")]
    [DefaultValue(6)]
    public int Partitions { get; init; } = 6;

    /// <summary>Default replication factor.</summary>
    [CommandOption("--replication-factor <N>")]
    [Description("Default replication factor.")]
    [DefaultValue(3)]
    public int ReplicationFactor { get; init; } = 3;

    /// <summary>min.insync.replicas of every topic.</summary>
    [CommandOption("--min-insync-replicas <N>")]
    [Description("min.insync.replicas of every topic.")]
    [DefaultValue(2)]
    public int MinInsyncReplicas { get; init; } = 2;

    /// <summary>Topics to create at start, <c>NAME[:PARTITIONS[:RF]]</c>.</summary>
    [CommandOption("--topic <TOPIC>")]
    [Description("Topic to create at start, NAME[[:PARTITIONS[[:RF]]]] (e.g. orders:6:3); repeat for more.")]
    public string[] Topics { get; init; } = [];

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Brokers < 1)
        {
            return ValidationResult.Error($"--brokers must be at least 1, got {Brokers}");
        }

        if (Port is { } port && (port < 1 || port + Brokers - 1 > 65535))
        {
            return ValidationResult.Error($"--port {port} leaves no room for {Brokers} consecutive ports below 65536");
        }

        if (Partitions < 1)
        {
            return ValidationResult.Error($"--partitions must be at least 1, got {Partitions}");
        }

        if (ReplicationFactor < 1 || ReplicationFactor > Brokers)
        {
            return ValidationResult.Error($"--replication-factor must be between 1 and --brokers ({Brokers}), got {ReplicationFactor}");
        }

        if (MinInsyncReplicas < 1 || MinInsyncReplicas > ReplicationFactor)
        {
            return ValidationResult.Error($"--min-insync-replicas must be between 1 and --replication-factor ({ReplicationFactor}), got {MinInsyncReplicas}");
        }

        foreach (var topic in Topics)
        {
            try
            {
                var spec = Engines.TopicSpec.Parse(topic, Partitions, ReplicationFactor);
                if (spec.ReplicationFactor > Brokers)
                {
                    return ValidationResult.Error($"--topic '{topic}': RF {spec.ReplicationFactor} exceeds --brokers ({Brokers})");
                }
            }
            catch (CliException ex)
            {
                return ValidationResult.Error(ex.Message);
            }
        }

        return ValidationResult.Success();
    }
}
