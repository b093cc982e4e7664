namespace Brook.Cli.Tests.Process;

/// <summary>Child-process tests run one at a time: each starts runtimes and clusters, and the CI machine has 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrookProcessCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "brook processes";
}
