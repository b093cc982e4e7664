namespace Brook.Cli.Engines;

/// <summary>A small fetch-based reader: all partitions of one topic, in offset order per partition.</summary>
internal interface IRecordReader : IAsyncDisposable
{
    /// <summary>Records until the limits of the <see cref="ReaderOptions"/> stop it or it is cancelled.</summary>
    IAsyncEnumerable<ConsumedRecord> ReadAsync(CancellationToken cancellationToken = default);
}
