using Brook.Cli.Engines;

namespace Brook.Cli.Perf;

/// <summary>
/// The <c>brook perf</c> send loop: paces with <see cref="ThroughputThrottler"/>, rewrites one reusable record
/// (random letters, or <see cref="SequencedRecordWriter"/>), sends through an <see cref="IPerfProducer"/>, and
/// accounts each delivery in <see cref="PerfStats"/>; nothing is allocated per record on this side. Window lines
/// go to the callback given (the non-terminal 5-second line); <see cref="Acknowledged"/> feeds a progress bar.
/// </summary>
internal sealed class PerfRunner : IDeliveryHandler
{
    private readonly IPerfProducer _producer;
    private readonly TimeProvider _time;
    private readonly PerfRunOptions _options;
    private readonly Action<string>? _windowLine;
    private readonly PerfStats _stats;
    private readonly SequencedRecordWriter? _sequenced;
    private readonly byte[]? _payload;
    private long _sent;
    private long _failed;
    private Exception? _firstError;

    /// <summary>Prepares a run; <paramref name="random"/> picks the stream id or the payload letters.</summary>
    public PerfRunner(IPerfProducer producer, TimeProvider time, Random random, PerfRunOptions options, Action<string>? windowLine)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        _producer = producer;
        _time = time;
        _options = options;
        _windowLine = windowLine;
        _stats = new PerfStats(time);
        if (options.Sequenced)
        {
            _sequenced = new SequencedRecordWriter(SequencedRecordWriter.NewStreamId(random), options.RecordSize);
        }
        else
        {
            // Java's perf test: one payload of random upper-case letters, sent for every record.
            _payload = new byte[options.RecordSize];
            for (var i = 0; i < _payload.Length; i++)
            {
                _payload[i] = (byte)('A' + random.Next(26));
            }
        }
    }

    /// <summary>Records handed to the producer.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Records acknowledged.</summary>
    public long Acknowledged => _stats.Count;

    /// <summary>Records failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Value bytes acknowledged.</summary>
    public long AcknowledgedBytes => _stats.Bytes;

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => _stats.Elapsed;

    /// <summary>The sequenced stream id, or null.</summary>
    public string? Stream => _sequenced?.Stream;

    /// <summary>Sends every record, flushes, and returns the figures.</summary>
    public async Task<PerfRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var throttler = new ThroughputThrottler(_options.Throughput, _time);
        _stats.Restart();
        throttler.Start();
        var key = _sequenced is not null && _options.Keys ? _sequenced.Key : (ReadOnlyMemory<byte>?)null;
        var value = _sequenced?.Value ?? _payload!;
        for (long i = 0; i < _options.NumRecords; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (throttler.IsEnabled)
            {
                await throttler.ThrottleAsync(i, cancellationToken).ConfigureAwait(false);
            }

            _sequenced?.Write(i);
            await _producer.SendAsync(_options.Topic, key, value, _time.GetTimestamp(), this, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }

        await _producer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new PerfRunResult(_stats.Totals(), Failed, Volatile.Read(ref _firstError), Stream);
    }

    /// <inheritdoc />
    public void OnDelivery(long sendTimestamp, int bytes, Exception? error)
    {
        if (error is not null)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, error, null);
            return;
        }

        var micros = (long)_time.GetElapsedTime(sendTimestamp).TotalMicroseconds;
        if (_stats.Record(micros, bytes, out var window) && _windowLine is not null)
        {
            _windowLine(PerfFormat.Window(window));
        }
    }
}
