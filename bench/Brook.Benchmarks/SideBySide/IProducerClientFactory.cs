namespace Brook.Benchmarks.SideBySide;

/// <summary>Creates one <see cref="IProducerClient"/> per run (a run fixes acks, linger and record size).</summary>
public interface IProducerClientFactory
{
    /// <summary>The name used on the command line (<c>--clients confluent,brook</c>).</summary>
    string Name { get; }

    /// <summary>Creates a connected-on-demand client for <paramref name="settings"/>.</summary>
    IProducerClient Create(ClientSettings settings);
}
