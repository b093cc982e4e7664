using System.Buffers.Binary;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Records;

/// <summary>
/// A transaction marker (KIP-98; protocol.md §9): a control batch (attributes 0x30, baseSequence -1) with exactly one
/// record whose key is <c>version int16 = 0, type int16</c> and whose value is <c>version int16 = 0, coordinatorEpoch int32</c>.
/// Written by the broker (Brook.Cluster) on WriteTxnMarkers/EndTxn; producers never write control batches.
/// </summary>
/// <param name="Type">Commit or abort.</param>
/// <param name="CoordinatorEpoch">Epoch of the transaction coordinator that wrote the marker.</param>
public readonly record struct EndTransactionMarker(ControlRecordType Type, int CoordinatorEpoch)
{
    /// <summary>Size of a marker batch with zero deltas: 61 + 17.</summary>
    public const int BatchSize = RecordBatchLayout.HeaderSize + RecordSize;

    private const int KeySize = 4;
    private const int ValueSize = 6;

    // length(1) attributes(1) timestampDelta(1) offsetDelta(1) keyLength(1) key(4) valueLength(1) value(6) headers(1)
    private const int RecordSize = 1 + 1 + 1 + 1 + 1 + KeySize + 1 + ValueSize + 1;

    /// <summary>
    /// Writes the complete 78-byte control batch (baseOffset 0, partitionLeaderEpoch -1, CRC computed) and returns its size.
    /// The broker then stamps baseOffset and the leader epoch with <see cref="RecordBatchHeader.SetBaseOffset"/> and
    /// <see cref="RecordBatchHeader.SetPartitionLeaderEpoch"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="BatchSize"/>.</exception>
    public int WriteBatch(Span<byte> destination, long producerId, short producerEpoch, long timestamp)
    {
        if (destination.Length < BatchSize)
        {
            throw new ArgumentException($"A transaction marker batch needs {BatchSize} bytes.", nameof(destination));
        }

        var batch = destination[..BatchSize];
        var record = batch[RecordBatchLayout.HeaderSize..];
        var p = Varint.Write(record, RecordSize - 1);
        record[p++] = 0; // attributes
        p += Varint.Write(record[p..], 0L); // timestampDelta
        p += Varint.Write(record[p..], 0); // offsetDelta
        p += Varint.Write(record[p..], KeySize);
        BinaryPrimitives.WriteInt16BigEndian(record[p..], 0);
        BinaryPrimitives.WriteInt16BigEndian(record[(p + 2)..], (short)Type);
        p += KeySize;
        p += Varint.Write(record[p..], ValueSize);
        BinaryPrimitives.WriteInt16BigEndian(record[p..], 0);
        BinaryPrimitives.WriteInt32BigEndian(record[(p + 2)..], CoordinatorEpoch);
        p += ValueSize;
        record[p] = 0; // headers count

        RecordBatchHeader.Write(
            batch,
            partitionLeaderEpoch: -1,
            (short)(RecordBatchLayout.TransactionalFlag | RecordBatchLayout.ControlFlag),
            lastOffsetDelta: 0,
            timestamp,
            timestamp,
            producerId,
            producerEpoch,
            RecordBatchHeader.None,
            recordCount: 1);
        return BatchSize;
    }

    /// <summary>Reads the control type from a control record key (<c>version int16, type int16</c>).</summary>
    /// <exception cref="ProtocolException">The key is null, shorter than 4 bytes or has a negative version.</exception>
    public static short ReadControlType(scoped in Record record)
    {
        if (record.IsKeyNull || record.Key.Length < KeySize)
        {
            throw new ProtocolException($"Control record key must hold version and type (4 bytes), found {(record.IsKeyNull ? "null" : record.Key.Length + " bytes")}.");
        }

        if (BinaryPrimitives.ReadInt16BigEndian(record.Key) < 0)
        {
            throw new ProtocolException("Control record key version is negative.");
        }

        return BinaryPrimitives.ReadInt16BigEndian(record.Key[2..]);
    }

    /// <summary>Decodes a transaction marker from the record of a control batch.</summary>
    /// <exception cref="ProtocolException">The record is not a well-formed COMMIT or ABORT marker.</exception>
    public static EndTransactionMarker Read(scoped in Record record)
    {
        var type = ReadControlType(record);
        if (type is not ((short)ControlRecordType.Abort or (short)ControlRecordType.Commit))
        {
            throw new ProtocolException($"Control record type {type} is not a transaction marker (0 = ABORT, 1 = COMMIT).");
        }

        if (record.IsValueNull || record.Value.Length < ValueSize)
        {
            throw new ProtocolException("Transaction marker value must hold version int16 and coordinatorEpoch int32 (6 bytes).");
        }

        if (BinaryPrimitives.ReadInt16BigEndian(record.Value) < 0)
        {
            throw new ProtocolException("Transaction marker value version is negative.");
        }

        return new EndTransactionMarker((ControlRecordType)type, BinaryPrimitives.ReadInt32BigEndian(record.Value[2..]));
    }
}
