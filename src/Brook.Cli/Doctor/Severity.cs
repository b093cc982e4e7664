namespace Brook.Cli.Doctor;

/// <summary>How much a finding matters.</summary>
internal enum Severity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,

    /// <summary>Costs throughput or latency; a config change should help.</summary>
    Warning,

    /// <summary>Records fail or the cluster cannot be used.</summary>
    Error,
}
