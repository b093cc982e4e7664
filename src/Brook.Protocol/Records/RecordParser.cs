using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Records;

/// <summary>
/// Decodes one record (protocol.md §9) and checks its framing: every length within the record, the record length
/// matching its fields exactly, and the expected offsetDelta.
/// <code>
/// length varint | attributes int8 | timestampDelta varlong | offsetDelta varint | keyLength varint | key
/// | valueLength varint | value | headersCount varint | { keyLength varint | key | valueLength varint | value }*
/// </code>
/// </summary>
internal static class RecordParser
{
    /// <summary>
    /// Reads the record at the start of <paramref name="remaining"/> and advances past it.
    /// <paramref name="minOffsetDelta"/>/<paramref name="maxOffsetDelta"/> bound its offsetDelta (equal for strict batches).
    /// </summary>
    public static Record Parse(
        scoped ref ReadOnlySpan<byte> remaining,
        int minOffsetDelta,
        int maxOffsetDelta,
        long baseOffset,
        long baseTimestamp,
        bool logAppendTime,
        long maxTimestamp)
    {
        var start = remaining.Length;
        var bodyLength = ReadVarint(ref remaining, "record length");
        if (bodyLength < RecordBatchLayout.MinRecordSize - 1 || bodyLength > remaining.Length)
        {
            ThrowBadLength("record", bodyLength, remaining.Length);
        }

        var body = remaining[..bodyLength];
        remaining = remaining[bodyLength..];
        var attributes = body[0];
        body = body[1..];
        var timestampDelta = ReadVarlong(ref body, "timestampDelta");
        var offsetDelta = ReadVarint(ref body, "offsetDelta");
        if (offsetDelta < minOffsetDelta || offsetDelta > maxOffsetDelta)
        {
            ThrowOffsetDelta(offsetDelta, minOffsetDelta, maxOffsetDelta);
        }

        var keyLength = ReadVarint(ref body, "key length");
        if (keyLength < -1 || keyLength > body.Length)
        {
            ThrowBadLength("key", keyLength, body.Length);
        }

        var key = keyLength < 0 ? default : body[..keyLength];
        body = body[Math.Max(keyLength, 0)..];
        var valueLength = ReadVarint(ref body, "value length");
        if (valueLength < -1 || valueLength > body.Length)
        {
            ThrowBadLength("value", valueLength, body.Length);
        }

        var value = valueLength < 0 ? default : body[..valueLength];
        body = body[Math.Max(valueLength, 0)..];
        var headerCount = ReadVarint(ref body, "headers count");

        // Each header takes at least 2 bytes (two one-byte lengths): a forged count cannot make us loop long.
        if (headerCount < 0 || headerCount > body.Length / 2)
        {
            throw new ProtocolException($"Record header count {headerCount} is impossible in the {body.Length} bytes left in the record.");
        }

        var rawHeaders = body;
        for (var i = 0; i < headerCount; i++)
        {
            var headerKeyLength = ReadVarint(ref body, "header key length");
            if (headerKeyLength < 0 || headerKeyLength > body.Length)
            {
                ThrowBadLength("header key", headerKeyLength, body.Length);
            }

            body = body[headerKeyLength..];
            var headerValueLength = ReadVarint(ref body, "header value length");
            if (headerValueLength < -1 || headerValueLength > body.Length)
            {
                ThrowBadLength("header value", headerValueLength, body.Length);
            }

            body = body[Math.Max(headerValueLength, 0)..];
        }

        if (!body.IsEmpty)
        {
            throw new ProtocolException($"Record length covers {body.Length} bytes more than its fields (corrupt record framing).");
        }

        return new Record(
            baseOffset + offsetDelta,
            offsetDelta,
            logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta,
            timestampDelta,
            attributes,
            key,
            keyLength < 0,
            value,
            valueLength < 0,
            headerCount,
            rawHeaders,
            start - remaining.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadVarint(ref ReadOnlySpan<byte> source, string field)
    {
        if (!source.IsEmpty && source[0] < 0x80)
        {
            var value = Varint.UnZigZag((uint)source[0]);
            source = source[1..];
            return value;
        }

        return ReadVarintSlow(ref source, field);
    }

    public static long ReadVarlong(ref ReadOnlySpan<byte> source, string field)
    {
        if (!source.IsEmpty && source[0] < 0x80)
        {
            var value = Varint.UnZigZag((ulong)source[0]);
            source = source[1..];
            return value;
        }

        if (Varint.TryRead(source, out long result, out var read) != VarintStatus.Done)
        {
            ThrowVarint(field);
        }

        source = source[read..];
        return result;
    }

    [DoesNotReturn]
    public static void ThrowBadLength(string field, int length, int available) =>
        throw new ProtocolException($"Record {field} length {length} is invalid: {available} bytes remain (corrupt record framing).");

    private static int ReadVarintSlow(ref ReadOnlySpan<byte> source, string field)
    {
        if (Varint.TryRead(source, out int result, out var read) != VarintStatus.Done)
        {
            ThrowVarint(field);
        }

        source = source[read..];
        return result;
    }

    [DoesNotReturn]
    private static void ThrowVarint(string field) =>
        throw new ProtocolException($"Record {field} is not a valid varint (truncated or longer than allowed).");

    [DoesNotReturn]
    private static void ThrowOffsetDelta(int offsetDelta, int min, int max) =>
        throw new ProtocolException(min == max
            ? $"Record offsetDelta is {offsetDelta} but {min} was expected (records must be numbered 0, 1, 2, ...)."
            : $"Record offsetDelta {offsetDelta} is outside the range {min}-{max} (offsets must increase within lastOffsetDelta).");
}
