using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook produce</c>.</summary>
internal sealed class ProduceSettings : CommandSettings
{
    /// <summary>Bootstrap list.</summary>
    [CommandOption("--bootstrap <LIST>")]
    [Description("Brokers host:port[[,...]] (required).")]
    public string? Bootstrap { get; init; }

    /// <summary>Topic.</summary>
    [CommandOption("--topic <T>")]
    [Description("Topic to produce to (required).")]
    public string? Topic { get; init; }

    /// <summary>Splits each line into key and value at its first occurrence.</summary>
    [CommandOption("--key-separator <SEP>")]
    [Description("Split each line at the first SEP into key and value; without it records have no key.")]
    public string? KeySeparator { get; init; }

    /// <summary>Headers <c>k=v</c> added to every record.</summary>
    [CommandOption("--header <K=V>")]
    [Description("Header added to every record; repeat for more.")]
    public string[] Headers { get; init; } = [];

    /// <summary>Kafka producer properties.</summary>
    [CommandOption("--producer-props <K=V>")]
    [Description("Producer properties by Kafka name, e.g. --producer-props acks=all enable.idempotence=true.")]
    public string[] ProducerProps { get; init; } = [];

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (KeySeparator is { Length: 0 })
        {
            return ValidationResult.Error("--key-separator must not be empty");
        }

        foreach (var header in Headers)
        {
            if (header.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                return ValidationResult.Error($"--header expects key=value, got '{header}'");
            }
        }

        return BrokerCheck.All(BrokerCheck.Bootstrap(Bootstrap, required: true), BrokerCheck.Topic(Topic));
    }
}
