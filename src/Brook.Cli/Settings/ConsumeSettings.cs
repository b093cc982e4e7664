using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Brook.Cli.Settings;

/// <summary>Flags of <c>brook consume</c>.</summary>
internal sealed class ConsumeSettings : CommandSettings
{
    /// <summary>Bootstrap list.</summary>
    [CommandOption("--bootstrap <LIST>")]
    [Description("Brokers host:port[[,...]] (required).")]
    public string? Bootstrap { get; init; }

    /// <summary>Topic.</summary>
    [CommandOption("--topic <T>")]
    [Description("Topic to read: every partition, or this member's share with --group (required).")]
    public string? Topic { get; init; }

    /// <summary>Start at the log start.</summary>
    [CommandOption("--from-beginning")]
    [Description("Start at the beginning of each partition (else at its end).")]
    public bool FromBeginning { get; init; }

    /// <summary>Consumer group.</summary>
    [CommandOption("--group <G>")]
    [Description("Join this consumer group (range assignment): continue from its committed offsets, commit what is printed. None by default.")]
    public string? Group { get; init; }

    /// <summary>isolation.level.</summary>
    [CommandOption("--isolation <LEVEL>")]
    [Description("read_committed or read_uncommitted.")]
    [DefaultValue("read_uncommitted")]
    public string Isolation { get; init; } = "read_uncommitted";

    /// <summary>Stop after N records.</summary>
    [CommandOption("--max-messages <N>")]
    [Description("Stop after N records.")]
    public long? MaxMessages { get; init; }

    /// <summary>Stop after T ms without a record.</summary>
    [CommandOption("--timeout-ms <T>")]
    [Description("Stop after T ms without a record; wait forever by default.")]
    public int? TimeoutMs { get; init; }

    /// <summary>Print keys.</summary>
    [CommandOption("--print-key")]
    [Description("Print 'key<TAB>' before each value.")]
    public bool PrintKey { get; init; }

    /// <summary>Print headers.</summary>
    [CommandOption("--print-headers")]
    [Description("Print 'k:v,k:v<TAB>' (or NO_HEADERS) before each record.")]
    public bool PrintHeaders { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (MaxMessages is < 1)
        {
            return ValidationResult.Error($"--max-messages must be at least 1, got {MaxMessages}");
        }

        if (TimeoutMs is < 1)
        {
            return ValidationResult.Error($"--timeout-ms must be at least 1, got {TimeoutMs}");
        }

        return BrokerCheck.All(BrokerCheck.Bootstrap(Bootstrap, required: true), BrokerCheck.Topic(Topic), BrokerCheck.Isolation(Isolation));
    }
}
