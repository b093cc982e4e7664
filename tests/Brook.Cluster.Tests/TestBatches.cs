using System.Buffers.Binary;
using Brook.Cluster.Storage;
using Brook.Protocol.Records;
using Brook.Protocol;

namespace Brook.Cluster.Tests;

/// <summary>Builds valid record batch v2 bytes (uncompressed, correct CRC-32C) for the tests.</summary>
internal static class TestBatches
{
    public const long BaseTimestamp = 1_700_000_000_000;

    public static byte[] Create(
        int records = 1,
        long producerId = -1,
        short producerEpoch = -1,
        int baseSequence = -1,
        int valueSize = 10,
        short attributes = 0,
        long baseTimestamp = BaseTimestamp,
        int timestampStep = 0)
    {
        // Each record: length varint, attributes 0, timestampDelta 0, offsetDelta i, key null (01), value, 0 headers.
        var recordBodies = new List<byte[]>();
        for (var i = 0; i < records; i++)
        {
            var body = new List<byte> { 0 };
            WriteVarint(body, i * timestampStep);
            WriteVarint(body, i);
            body.Add(1);
            WriteVarint(body, valueSize);
            for (var v = 0; v < valueSize; v++)
            {
                body.Add((byte)(i + v));
            }

            body.Add(0);
            var framed = new List<byte>();
            WriteVarint(framed, body.Count);
            framed.AddRange(body);
            recordBodies.Add([.. framed]);
        }

        var size = RecordBatchHeader.Size + recordBodies.Sum(r => r.Length);
        var batch = new byte[size];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], size - 12);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], -1);
        span[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], attributes);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], records - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], baseTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], baseTimestamp + ((records - 1) * (long)timestampStep));
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], records);
        var position = RecordBatchHeader.Size;
        foreach (var r in recordBodies)
        {
            r.CopyTo(span[position..]);
            position += r.Length;
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[17..], Crc32C.Compute(span[21..]));
        return batch;
    }

    public static byte[] Idempotent(long producerId, short epoch, int baseSequence, int records = 1) =>
        Create(records, producerId, epoch, baseSequence);

    private static void WriteVarint(List<byte> output, int value)
    {
        var z = (uint)((value << 1) ^ (value >> 31));
        while (z >= 0x80)
        {
            output.Add((byte)(z | 0x80));
            z >>= 7;
        }

        output.Add((byte)z);
    }
}
