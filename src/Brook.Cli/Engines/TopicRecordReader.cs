using System.Runtime.CompilerServices;
using Brook.Producer.Reading;

namespace Brook.Cli.Engines;

/// <summary>
/// <see cref="IRecordReader"/> over Brook's <see cref="TopicReader"/> (no consumer group: it reads every partition from
/// the beginning or the end and never commits offsets).
/// </summary>
internal sealed class TopicRecordReader : IRecordReader
{
    /// <summary>How long reading may spend finding the topic's leaders and start offsets, ms.</summary>
    public const int SetupTimeoutMs = 15_000;

    private readonly TopicReader _reader;

    /// <summary>Creates the reader for <paramref name="options"/>.</summary>
    /// <exception cref="CliException">A consumer group was asked for, or an option is out of range.</exception>
    public TopicRecordReader(ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Group is not null)
        {
            throw new CliException(
                $"--group '{options.Group}' is not supported: brook reads without a consumer group and commits no offsets; drop --group.");
        }

        try
        {
            _reader = new TopicReader(new TopicReaderOptions
            {
                BootstrapServers = options.Bootstrap,
                Topic = options.Topic,
                Start = options.FromBeginning ? ReadStart.Beginning : ReadStart.End,
                ReadCommitted = options.ReadCommitted,
                MaxMessages = options.MaxMessages,
                IdleTimeoutMs = options.IdleTimeoutMs,
                StopAtEnd = options.StopAtEnd,
                SetupTimeoutMs = SetupTimeoutMs,
                ClientId = "brook-cli",
            });
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"cannot read '{options.Topic}': {ex.Message}");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsumedRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ConsumedRecord(record.Partition, record.Offset, record.Key, record.Value, record.Headers);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _reader.DisposeAsync();
}
