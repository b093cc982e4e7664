using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook doctor</c>.</summary>
internal sealed class DoctorSettings : CommandSettings
{
    /// <summary>Bootstrap list; null diagnoses an embedded cluster.</summary>
    [CommandOption("--bootstrap <LIST>")]
    [Description("Brokers host:port[[,...]]. Without it, brook diagnoses an embedded cluster and demonstrates a finding with a deliberately poor config.")]
    public string? Bootstrap { get; init; }

    /// <summary>Topic the probe produce writes to.</summary>
    [CommandOption("--topic <T>")]
    [Description("Topic the probe produce writes to (auto-created by the cluster when missing and allowed).")]
    [DefaultValue(Commands.DoctorCommand.ProbeTopic)]
    public string Topic { get; init; } = Commands.DoctorCommand.ProbeTopic;

    /// <summary>Kafka producer properties <c>k=v</c> to diagnose.</summary>
    [CommandOption("--producer-props <K=V>")]
    [Description("The producer config to diagnose, by Kafka name, e.g. --producer-props linger.ms=10 batch.size=65536. Overrides --producer.config.")]
    public string[] ProducerProps { get; init; } = [];

    /// <summary>Java properties file with producer properties.</summary>
    [CommandOption("--producer-config <FILE>")]
    [Description("Producer properties file to diagnose (k=v lines, # comments); also spelled --producer.config as in Kafka.")]
    public string? ProducerConfig { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() => BrokerCheck.All(BrokerCheck.Bootstrap(Bootstrap, required: false), BrokerCheck.Topic(Topic));
}
