using Brook.Producer.Accumulator;
using Brook.Producer.Sending;

namespace Brook.Producer.Idempotence;

/// <summary>
/// The idempotent producer's state owner (Java <c>TransactionManager</c>'s idempotent half, producer-algorithms.md
/// §5, §6, §9): holds the <see cref="IdempotentSequencer"/> the accumulator consults at drain, obtains the producer id
/// through an <see cref="IProducerIdSource"/> before anything drains, listens to every batch outcome, resolves
/// unresolved sequences, and performs KIP-360 epoch bumps (locally; a new producer id once the epoch is exhausted).
/// A fatal error (e.g. CLUSTER_AUTHORIZATION_FAILED) stops it for good: the sender then fails queued batches and
/// retries nothing. Sender thread only; <see cref="RunOnce"/> is called at the start of every sender pass.
/// </summary>
internal sealed partial class ProducerIdManager : IBatchOutcomeListener
{
    private readonly IdempotentSequencer _sequencer;
    private readonly IProducerIdSource _source;
    private readonly HashSet<TopicPartition> _partitionsToRewrite = [];
    private readonly List<TopicPartition> _scratch = [];
    private bool _bumpRequired;
    private bool _acquiring;

    /// <summary>Creates the manager.</summary>
    /// <param name="sequencer">The drain-side sequencer (give the same instance to the accumulator).</param>
    /// <param name="source">Where producer ids come from.</param>
    public ProducerIdManager(IdempotentSequencer sequencer, IProducerIdSource source)
    {
        _sequencer = sequencer;
        _source = source;
    }

    /// <summary>The drain-side sequencer this manager drives.</summary>
    public IdempotentSequencer Sequencer => _sequencer;

    /// <summary>The current producer id and epoch (<see cref="ProducerIdAndEpoch.None"/> while obtaining one).</summary>
    public ProducerIdAndEpoch Current => new(_sequencer.ProducerId, _sequencer.ProducerEpoch);

    /// <summary>The error that made the producer unusable, or null.</summary>
    public KafkaException? FatalError { get; private set; }

    /// <summary>Local epoch bumps performed (KIP-360).</summary>
    public int EpochBumps { get; private set; }

    /// <summary>Producer ids obtained (the first one included).</summary>
    public int ProducerIdsObtained { get; private set; }

    /// <summary>
    /// Told when a batch fails for good (not when the producer closes): a transactional producer's manager makes the
    /// transaction abortable at once, as Java does, so its queued batches fail instead of waiting for the commit.
    /// </summary>
    public Action<ProducerBatch, KafkaException>? BatchFailed { get; set; }

    /// <summary>Where producer id, epoch and fatal events are logged (<see cref="Diagnostics.IdempotenceLog"/>).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>True when a bump was requested and not yet performed.</summary>
    public bool IsBumpPending => _bumpRequired;

    /// <summary>
    /// Start of a sender pass: resolve unresolved sequences, perform a pending bump, obtain a producer id if there is
    /// none. Returns how long the sender may sleep as far as the manager is concerned.
    /// </summary>
    public long RunOnce(long nowMs)
    {
        if (FatalError is not null)
        {
            return long.MaxValue;
        }

        ResolveSequences();
        if (!_acquiring && _sequencer.HasValidProducerId && _source.TryTakeReplacement(Current, out var replacement))
        {
            InstallReplacement(replacement);
        }

        if (_bumpRequired && !_acquiring && _sequencer.HasValidProducerId)
        {
            PerformBump(nowMs);
        }

        if (!_acquiring && !_sequencer.HasValidProducerId)
        {
            _acquiring = true;
            _source.Begin(ProducerIdAndEpoch.None, nowMs);
        }

        return _acquiring ? PollSource(nowMs) : long.MaxValue;
    }

    /// <summary>Marks the producer unusable (a fatal error seen by the sender or a source).</summary>
    public void SetFatal(KafkaException error)
    {
        if (FatalError is null)
        {
            FatalError = error.IsFatal ? error : new FatalException(error.ErrorCode, error.Message, error);
            Diagnostics.IdempotenceLog.ProducerFatal(Logger, error.ErrorName, error.Message);
        }
    }

    /// <summary>Requests a KIP-360 bump that renumbers <paramref name="topicPartition"/>'s in-flight batches (§9).</summary>
    public void RequestEpochBump(TopicPartition topicPartition)
    {
        _partitionsToRewrite.Add(topicPartition);
        _bumpRequired = true;
    }

    private long PollSource(long nowMs)
    {
        var poll = _source.Poll(nowMs);
        switch (poll.Status)
        {
            case ProducerIdPollStatus.Obtained:
                _acquiring = false;
                ProducerIdsObtained++;
                _sequencer.SetProducerIdAndEpoch(poll.Value.ProducerId, poll.Value.Epoch);
                Diagnostics.IdempotenceLog.ProducerIdObtained(Logger, poll.Value.ProducerId, poll.Value.Epoch);
                RewriteRequestedPartitions();
                return 0;
            case ProducerIdPollStatus.Failed:
                _acquiring = false;
                SetFatal(poll.Error!);
                return long.MaxValue;
            case ProducerIdPollStatus.Idle:
                // The source forgot the request (should not happen): ask again on the next pass.
                _acquiring = false;
                return 0;
            default:
                return poll.DelayMs;
        }
    }

    // §9 "performing the bump": at the start of a pass, no round trip, unless the epoch is exhausted.
    private void PerformBump(long nowMs)
    {
        var current = Current;
        if (current.IsEpochExhausted)
        {
            // A new producer id; nothing drains until it arrives, then every partition restarts (lazily or renumbered).
            _sequencer.SetProducerIdAndEpoch(-1, -1);
            _acquiring = true;
            _source.Begin(current, nowMs);
            return;
        }

        _sequencer.SetProducerIdAndEpoch(current.ProducerId, (short)(current.Epoch + 1));
        Diagnostics.IdempotenceLog.EpochBumped(Logger, current.ProducerId, (short)(current.Epoch + 1), "a partition's sequences were reset");
        EpochBumps++;
        RewriteRequestedPartitions();
    }

    // A transactional bump after an abort (KIP-360): every batch of the aborted transaction has completed, so each
    // partition restarts at sequence 0 lazily at its next stamp (a stale in-flight batch would still hold new ones
    // back); unresolved marks belong to the old epoch and go.
    private void InstallReplacement(ProducerIdAndEpoch replacement)
    {
        if (replacement.ProducerId == _sequencer.ProducerId)
        {
            EpochBumps++;
        }
        else
        {
            ProducerIdsObtained++;
        }

        _sequencer.SetProducerIdAndEpoch(replacement.ProducerId, replacement.Epoch);
        Diagnostics.IdempotenceLog.EpochBumped(Logger, replacement.ProducerId, replacement.Epoch, "the transaction coordinator bumped it after an abort");
        _sequencer.ForgetCompletedInFlight();
        _scratch.Clear();
        _scratch.AddRange(_sequencer.UnresolvedPartitions);
        foreach (var tp in _scratch)
        {
            _sequencer.SetUnresolved(tp, unresolved: false);
        }
    }

    private void RewriteRequestedPartitions()
    {
        foreach (var tp in _partitionsToRewrite)
        {
            _sequencer.RestartSequences(tp);
        }

        _partitionsToRewrite.Clear();
        _bumpRequired = false;
    }

    // §6: once nothing is in flight for an unresolved partition, either a later acknowledgement proved the expired
    // batch was written (nextSequence == lastAcked + 1), or the gap is real and only a bump gets the partition going.
    private void ResolveSequences()
    {
        if (_sequencer.UnresolvedPartitions.Count == 0)
        {
            return;
        }

        _scratch.Clear();
        _scratch.AddRange(_sequencer.UnresolvedPartitions);
        foreach (var tp in _scratch)
        {
            if (_sequencer.InFlightCount(tp) > 0)
            {
                continue;
            }

            if (_sequencer.AllSequencesAcknowledged(tp))
            {
                _sequencer.SetUnresolved(tp, unresolved: false);
            }
            else if (!_sequencer.IsTransactional)
            {
                RequestEpochBump(tp);
            }
        }
    }
}
