namespace Brook.Cli.Engines;

/// <summary>The producer as <c>brook produce</c> drives it: one acknowledged record at a time.</summary>
internal interface IRecordProducer : IAsyncDisposable
{
    /// <summary>Produces one record and completes on acknowledgement with its partition and offset; throws with the reason on failure.</summary>
    ValueTask<(int Partition, long Offset)> ProduceAsync(string topic, byte[]? key, byte[] value, IReadOnlyList<KeyValuePair<string, byte[]>> headers, CancellationToken cancellationToken = default);

    /// <summary>Completes when every record produced so far has finished.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
