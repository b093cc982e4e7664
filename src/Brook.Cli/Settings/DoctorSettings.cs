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

    /// <inheritdoc />
    public override ValidationResult Validate() => BrokerCheck.Bootstrap(Bootstrap, required: false);
}
