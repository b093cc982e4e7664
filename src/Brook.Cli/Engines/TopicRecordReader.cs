using System.Runtime.CompilerServices;
using Brook.Producer.Reading;

namespace Brook.Cli.Engines;

/// <summary>
/// <see cref="IRecordReader"/> over Brook's <see cref="TopicReader"/>: without a group it reads every partition from the
/// beginning or the end and commits nothing; with <c>--group</c> it is a classic group member that continues from the
/// group's committed offsets and commits what it printed.
/// </summary>
internal sealed class TopicRecordReader : IRecordReader
{
    /// <summary>How long reading may spend finding the topic's leaders and start offsets, ms.</summary>
    public const int SetupTimeoutMs = 15_000;

    private readonly TopicReader _reader;

    /// <summary>Creates the reader for <paramref name="options"/>.</summary>
    /// <exception cref="CliException">An option is out of range.</exception>
    public TopicRecordReader(ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
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
                GroupId = options.Group,
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
