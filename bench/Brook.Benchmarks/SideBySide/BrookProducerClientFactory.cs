namespace Brook.Benchmarks.SideBySide;

/// <summary>Makes <see cref="BrookProducerClient"/>s.</summary>
public sealed class BrookProducerClientFactory : IProducerClientFactory
{
    /// <inheritdoc />
    public string Name => "brook";

    /// <inheritdoc />
    public IProducerClient Create(ClientSettings settings) => new BrookProducerClient(settings);
}
