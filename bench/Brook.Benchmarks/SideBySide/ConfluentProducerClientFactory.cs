namespace Brook.Benchmarks.SideBySide;

/// <summary>Makes <see cref="ConfluentProducerClient"/>s.</summary>
public sealed class ConfluentProducerClientFactory : IProducerClientFactory
{
    /// <inheritdoc />
    public string Name => "confluent";

    /// <inheritdoc />
    public IProducerClient Create(ClientSettings settings) => new ConfluentProducerClient(settings);
}
