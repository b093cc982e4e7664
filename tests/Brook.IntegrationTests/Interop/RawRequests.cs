using System.Buffers.Binary;
using System.Numerics;

namespace Brook.IntegrationTests.Interop;

/// <summary>
/// Hand-built request frames for wire probes of peers, independent of Brook.Protocol (so they can check it later).
/// </summary>
internal static class RawRequests
{
    /// <summary>protocol.md §5 golden bytes: ApiVersions v0, client id "brook", with the given correlation id.</summary>
    public static byte[] ApiVersionsV0(int correlationId)
    {
        byte[] frame = [0x00, 0x00, 0x00, 0x0f, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        return frame;
    }

    /// <summary>
    /// Produce v3 (header v1, client id "brook") of one record batch v2 holding one record (null key, value "x") to
    /// partition 0 of a one-letter topic.
    /// </summary>
    public static byte[] ProduceV3(char topic, short acks, int correlationId)
    {
        // Record: length 7, attributes 0, timestampDelta 0, offsetDelta 0, key length -1, value length 1, "x", 0 headers.
        byte[] record = [0x0e, 0x00, 0x00, 0x00, 0x01, 0x02, 0x78, 0x00];
        const int batchHeader = 61;
        var batch = new byte[batchHeader + record.Length];
        var b = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(b, 0);                      // baseOffset
        BinaryPrimitives.WriteInt32BigEndian(b[8..], batch.Length - 12); // batchLength
        BinaryPrimitives.WriteInt32BigEndian(b[12..], -1);               // partitionLeaderEpoch
        b[16] = 2;                                                       // magic; crc at 17..20
        BinaryPrimitives.WriteInt16BigEndian(b[21..], 0);                // attributes
        BinaryPrimitives.WriteInt32BigEndian(b[23..], 0);                // lastOffsetDelta
        BinaryPrimitives.WriteInt64BigEndian(b[27..], 1_700_000_000_000); // baseTimestamp
        BinaryPrimitives.WriteInt64BigEndian(b[35..], 1_700_000_000_000); // maxTimestamp
        BinaryPrimitives.WriteInt64BigEndian(b[43..], -1);               // producerId
        BinaryPrimitives.WriteInt16BigEndian(b[51..], -1);               // producerEpoch
        BinaryPrimitives.WriteInt32BigEndian(b[53..], -1);               // baseSequence
        BinaryPrimitives.WriteInt32BigEndian(b[57..], 1);                // record count
        record.CopyTo(b[batchHeader..]);
        var crc = ~0u;
        foreach (var octet in b[21..])
        {
            crc = BitOperations.Crc32C(crc, octet);
        }

        BinaryPrimitives.WriteUInt32BigEndian(b[17..], ~crc);

        var body = new List<byte>();
        Int16(body, 0);             // Produce
        Int16(body, 3);             // v3
        Int32(body, correlationId);
        Int16(body, 5);
        body.AddRange("brook"u8.ToArray());
        Int16(body, -1);            // TransactionalId null
        Int16(body, acks);
        Int32(body, 5000);          // TimeoutMs
        Int32(body, 1);             // one topic
        Int16(body, 1);
        body.Add((byte)topic);
        Int32(body, 1);             // one partition
        Int32(body, 0);
        Int32(body, batch.Length);
        body.AddRange(batch);

        var frame = new byte[4 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Count);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static void Int16(List<byte> into, short value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        into.AddRange(bytes);
    }

    private static void Int32(List<byte> into, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        into.AddRange(bytes);
    }
}
