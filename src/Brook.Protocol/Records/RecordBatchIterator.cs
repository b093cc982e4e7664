namespace Brook.Protocol.Records;

/// <summary>
/// Splits a RECORDS blob (Fetch response, log segment) into its concatenated batches. A trailing partial batch is
/// normal in Fetch responses (the broker cuts at max bytes) and ends the iteration, as in Kafka's clients; its size is
/// left in <see cref="RemainingBytes"/>. Each batch still needs <see cref="RecordBatchReader.Open"/> for CRC and records.
/// </summary>
public ref struct RecordBatchIterator
{
    private ReadOnlySpan<byte> _remaining;
    private ReadOnlySpan<byte> _current;
    private RecordBatchHeader _currentHeader;

    /// <summary>Iterates the batches in <paramref name="records"/>.</summary>
    public RecordBatchIterator(ReadOnlySpan<byte> records)
    {
        _remaining = records;
        _current = default;
        _currentHeader = default;
    }

    /// <summary>The current complete batch.</summary>
    public readonly ReadOnlySpan<byte> Current => _current;

    /// <summary>The header of <see cref="Current"/> (length and magic checked, CRC not yet).</summary>
    public readonly RecordBatchHeader CurrentHeader => _currentHeader;

    /// <summary>Bytes not yet returned; after the last batch, the size of the skipped partial batch (0 if none).</summary>
    public readonly int RemainingBytes => _remaining.Length;

    /// <summary>Returns this iterator (for <c>foreach</c>).</summary>
    public readonly RecordBatchIterator GetEnumerator() => this;

    /// <summary>Moves to the next complete batch; false at the end or at a trailing partial batch.</summary>
    /// <exception cref="ProtocolException">A batch has an impossible length or is not magic 2.</exception>
    public bool MoveNext()
    {
        if (_remaining.Length < RecordBatchLayout.LogOverhead)
        {
            return false;
        }

        var batchLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(_remaining[RecordBatchLayout.BatchLength..]);
        if (batchLength < RecordBatchLayout.MinBatchLength)
        {
            throw new ProtocolException($"Record batch length {batchLength} is below the minimum of {RecordBatchLayout.MinBatchLength}.");
        }

        if (_remaining.Length > RecordBatchLayout.Magic && _remaining[RecordBatchLayout.Magic] != RecordBatchLayout.CurrentMagic)
        {
            throw new ProtocolException(
                $"Record batch magic is {(sbyte)_remaining[RecordBatchLayout.Magic]}; only magic 2 (record batch v2) is supported.");
        }

        var total = (long)batchLength + RecordBatchLayout.LogOverhead;
        if (total > _remaining.Length)
        {
            return false;
        }

        _current = _remaining[..(int)total];
        _currentHeader = RecordBatchHeader.Read(_current);
        _remaining = _remaining[(int)total..];
        return true;
    }
}
