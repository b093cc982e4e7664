namespace Brook.Cli.Doctor;

/// <summary>One diagnosis: what was seen, the figures behind it and the config change to try.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Area">Short area name (batching, memory, errors, network, connectivity).</param>
/// <param name="Evidence">The metric values that triggered it.</param>
/// <param name="Advice">The config change to try, with Kafka property names.</param>
internal sealed record Finding(Severity Severity, string Area, string Evidence, string Advice);
