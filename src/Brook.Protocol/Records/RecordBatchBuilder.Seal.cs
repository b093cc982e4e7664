using Brook.Protocol.Compression;

namespace Brook.Protocol.Records;

/// <summary>
/// The drain-time step: producer state, compression, lengths and the CRC (computed last, over bytes [21, end)).
/// </summary>
public sealed partial class RecordBatchBuilder
{
    private PooledBufferWriter? _compressed;
    private bool _compressedValid;
    private CompressionType _compressedType;
    private int _compressedLevel;
    private ReadOnlyMemory<byte> _sealed;
    private bool _isSealed;

    /// <summary>True once <see cref="Seal"/> ran; appends are then refused until <see cref="Reset()"/>.</summary>
    public bool IsSealed => _isSealed;

    /// <summary>The complete batch produced by the last <see cref="Seal"/>; resend it unchanged on retry.</summary>
    /// <exception cref="InvalidOperationException">The batch is not sealed.</exception>
    public ReadOnlyMemory<byte> SealedBatch => _isSealed
        ? _sealed
        : throw new InvalidOperationException("The batch is not sealed yet; call Seal when draining it.");

    /// <summary>
    /// Finishes the batch at drain time: compresses the records with <paramref name="compression"/>, writes the header
    /// (baseOffset 0, partitionLeaderEpoch -1, lastOffsetDelta, timestamps, producer state, count) and the CRC-32C last.
    /// The returned bytes stay valid and unchanged until <see cref="Reset()"/> or <see cref="Dispose"/>. Sealing again
    /// (e.g. new producer state after an epoch bump) rewrites the header and reuses the compressed records when the codec
    /// and level are unchanged.
    /// </summary>
    /// <param name="producerId">Producer id, or -1 for a non-idempotent producer.</param>
    /// <param name="producerEpoch">Producer epoch, or -1.</param>
    /// <param name="baseSequence">Sequence of the first record, or -1; record i has baseSequence + i (wrapping at int.MaxValue).</param>
    /// <param name="isTransactional">Sets attribute bit 4 (requires a producer id).</param>
    /// <param name="compression">Codec for the records section.</param>
    /// <param name="compressionLevel">Kafka level for the codec, or <see cref="RecordCompression.DefaultLevel"/>.</param>
    /// <returns>The complete batch.</returns>
    /// <exception cref="InvalidOperationException">The batch is empty or a streamed record is still open.</exception>
    /// <exception cref="ArgumentException">Inconsistent producer state or an unknown codec/level.</exception>
    public ReadOnlyMemory<byte> Seal(
        long producerId,
        short producerEpoch,
        int baseSequence,
        bool isTransactional,
        CompressionType compression = CompressionType.None,
        int compressionLevel = RecordCompression.DefaultLevel)
    {
        EnsureBuffers();
        if (_recordCount == 0)
        {
            throw new InvalidOperationException("An empty batch cannot be sealed; append at least one record.");
        }

        if (_stage is not (StreamStage.None or StreamStage.Rejected))
        {
            throw new InvalidOperationException("A streamed record is still open; call EndRecord or CancelRecord before Seal.");
        }

        if (baseSequence < RecordBatchHeader.None)
        {
            throw new ArgumentOutOfRangeException(nameof(baseSequence), baseSequence, "baseSequence must be -1 (none) or non-negative.");
        }

        if (isTransactional && producerId < 0)
        {
            throw new ArgumentException("A transactional batch needs a producer id (InitProducerId first).", nameof(isTransactional));
        }

        if ((int)compression > (int)CompressionType.Zstd)
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression type; use None, Gzip, Snappy, Lz4 or Zstd.");
        }

        compressionLevel = RecordCompression.ResolveLevel(compression, compressionLevel);
        Span<byte> batch;
        if (compression == CompressionType.None)
        {
            batch = _buffer.AsSpan(0, _length);
            _sealed = _buffer.AsMemory(0, _length);
        }
        else
        {
            var output = _compressed ??= new PooledBufferWriter(0);
            if (!_compressedValid || _compressedType != compression || _compressedLevel != compressionLevel)
            {
                output.Reset();
                output.GetSpan(Math.Max(RecordBatchLayout.HeaderSize, Math.Min(_length, 64 * 1024)));
                output.Advance(RecordBatchLayout.HeaderSize);
                RecordCompression.Compress(
                    compression, _buffer.AsSpan(RecordBatchLayout.HeaderSize, _length - RecordBatchLayout.HeaderSize), output, compressionLevel);
                _compressedValid = true;
                _compressedType = compression;
                _compressedLevel = compressionLevel;
            }

            batch = output.WrittenSpanMutable;
            _sealed = output.WrittenMemory;
        }

        var attributes = (short)((int)compression | (isTransactional ? RecordBatchLayout.TransactionalFlag : 0));
        RecordBatchHeader.Write(
            batch,
            partitionLeaderEpoch: -1,
            attributes,
            lastOffsetDelta: _recordCount - 1,
            _baseTimestamp,
            _maxTimestamp,
            producerId,
            producerEpoch,
            baseSequence,
            _recordCount);
        _isSealed = true;
        return _sealed;
    }

    private void ResetSeal()
    {
        _isSealed = false;
        _compressedValid = false;
        _sealed = default;
    }

    // Keeps the writer object (a pooled builder reuses it); its array goes back until the next compressed seal.
    private void ReturnSealBuffers()
    {
        ResetSeal();
        _compressed?.ReturnBuffer();
    }

    private void DisposeSeal()
    {
        ResetSeal();
        _compressed?.Dispose();
        _compressed = null;
    }
}
