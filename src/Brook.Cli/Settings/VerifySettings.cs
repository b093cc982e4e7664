using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook verify</c>.</summary>
internal sealed class VerifySettings : CommandSettings
{
    /// <summary>Bootstrap list.</summary>
    [CommandOption("--bootstrap <LIST>")]
    [Description("Brokers host:port[[,...]] (required).")]
    public string? Bootstrap { get; init; }

    /// <summary>Topic.</summary>
    [CommandOption("--topic <T>")]
    [Description("Topic written by brook perf --sequenced (required).")]
    public string? Topic { get; init; }

    /// <summary>Records expected.</summary>
    [CommandOption("--expect <N>")]
    [Description("Records the topic must hold (required).")]
    public long? Expect { get; init; }

    /// <summary>isolation.level.</summary>
    [CommandOption("--isolation <LEVEL>")]
    [Description("read_committed or read_uncommitted.")]
    [DefaultValue("read_uncommitted")]
    public string Isolation { get; init; } = "read_uncommitted";

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Expect is null)
        {
            return ValidationResult.Error("--expect is required: give the number of records written, e.g. --expect 1000000");
        }

        if (Expect < 0)
        {
            return ValidationResult.Error($"--expect must be at least 0, got {Expect}");
        }

        return BrokerCheck.All(BrokerCheck.Bootstrap(Bootstrap, required: true), BrokerCheck.Topic(Topic), BrokerCheck.Isolation(Isolation));
    }
}
