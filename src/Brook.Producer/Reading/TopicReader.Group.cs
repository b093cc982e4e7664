namespace Brook.Producer.Reading;

public sealed partial class TopicReader
{
    private long[] _consumed = [];
    private long[] _committed = [];
    private long _lastHeartbeat;
    private long _lastCommit;
    private bool _joined;

    /// <summary>Joins the group, marks the assigned partitions and resets the consumed/committed bookkeeping.</summary>
    private async Task JoinGroupAsync(CancellationToken cancellationToken)
    {
        var assigned = await _group!.JoinAsync(_partitions.Length, cancellationToken).ConfigureAwait(false);
        _joined = true;
        foreach (var cursor in _partitions)
        {
            cursor.Assigned = assigned.Contains(cursor.Partition);
        }

        _consumed = new long[_partitions.Length];
        _committed = new long[_partitions.Length];
        Array.Fill(_consumed, -1);
        Array.Fill(_committed, -1);
        _lastHeartbeat = _lastCommit = _time.GetTimestamp();
    }

    /// <summary>Assigned partitions with a committed offset continue from it (the others keep the start offset).</summary>
    private async Task ApplyCommittedOffsetsAsync(CancellationToken cancellationToken)
    {
        var assigned = new List<int>();
        foreach (var cursor in _partitions)
        {
            if (cursor.Assigned)
            {
                assigned.Add(cursor.Partition);
            }
        }

        if (assigned.Count == 0)
        {
            return;
        }

        var committed = await _group!.FetchOffsetsAsync(assigned, cancellationToken).ConfigureAwait(false);
        foreach (var (partition, offset) in committed)
        {
            if (offset >= 0 && partition < _partitions.Length)
            {
                _partitions[partition].Position = offset;
                _committed[partition] = offset;
            }
        }
    }

    private void MarkConsumed(ReadRecord record)
    {
        if (_group is not null && (uint)record.Partition < (uint)_consumed.Length)
        {
            _consumed[record.Partition] = record.Offset + 1;
        }
    }

    /// <summary>Heartbeats and auto-commits when due; rejoins (after committing what was read) when the group rebalanced.</summary>
    private async Task MaintainGroupAsync(CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_lastCommit).TotalMilliseconds >= _options.AutoCommitIntervalMs)
        {
            try
            {
                await CommitConsumedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException)
            {
                // REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or a moved coordinator: an auto-commit
                // never ends the read. The heartbeat below finds out whether to rejoin; the commit is tried again at the
                // next interval (and at the end), so at worst records since the last commit are read again.
                _lastCommit = _time.GetTimestamp();
            }
        }

        if (_time.GetElapsedTime(_lastHeartbeat).TotalMilliseconds < _options.HeartbeatIntervalMs)
        {
            return;
        }

        _lastHeartbeat = _time.GetTimestamp();
        bool stillMember;
        try
        {
            stillMember = await _group!.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex) when (ex.IsRetriable)
        {
            return; // the coordinator moved or the connection dropped: the next heartbeat finds it again
        }

        if (stillMember)
        {
            return;
        }

        try
        {
            await CommitConsumedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException)
        {
            // The generation is over; the records read since the last commit are read again by their next owner.
        }

        await AssignAndPositionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits the next offset after the last record handed out, per partition, where it moved.</summary>
    private async Task CommitConsumedAsync(CancellationToken cancellationToken)
    {
        _lastCommit = _time.GetTimestamp();
        List<KeyValuePair<int, long>>? offsets = null;
        for (var p = 0; p < _consumed.Length; p++)
        {
            if (_consumed[p] >= 0 && _consumed[p] != _committed[p] && _partitions[p].Assigned)
            {
                (offsets ??= []).Add(new(p, _consumed[p]));
            }
        }

        if (offsets is null)
        {
            return;
        }

        await _group!.CommitAsync(offsets, cancellationToken).ConfigureAwait(false);
        foreach (var (partition, offset) in offsets)
        {
            _committed[partition] = offset;
        }
    }

    /// <summary>At the end of reading: commit what was handed out, then leave the group; bounded by request.timeout.ms.</summary>
    private async Task CloseGroupAsync()
    {
        if (!_joined)
        {
            return;
        }

        _joined = false;
        using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _time);
        try
        {
            await CommitConsumedAsync(timer.Token).ConfigureAwait(false);
        }
        finally
        {
            await _group!.LeaveAsync(timer.Token).ConfigureAwait(false);
        }
    }
}
