using System.Buffers;
using Brook.Protocol.Records;

namespace Brook.Producer;

/// <summary>
/// Reusable per-send scratch space (pooled by the producer): key and value writers the serializers write into and a
/// header array, so serialization allocates nothing once warm. The append copies the bytes into the batch.
/// </summary>
internal sealed class RecordScratch
{
    /// <summary>Key bytes.</summary>
    public ArrayBufferWriter<byte> Key { get; } = new(256);

    /// <summary>Value bytes.</summary>
    public ArrayBufferWriter<byte> Value { get; } = new(1024);

    /// <summary>Protocol headers converted from the message's headers.</summary>
    public RecordHeader[] Headers { get; private set; } = [];

    /// <summary>Converts the message headers; returns how many.</summary>
    public int SetHeaders(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return 0;
        }

        if (Headers.Length < headers.Count)
        {
            Headers = new RecordHeader[Math.Max(headers.Count, 4)];
        }

        var i = 0;
        foreach (var header in headers.AsSpan())
        {
            Headers[i++] = header.IsValueNull ? new RecordHeader(header.Key, (byte[]?)null) : new RecordHeader(header.Key, header.Value);
        }

        return i;
    }

    /// <summary>Clears for the next record (keeps capacity).</summary>
    public void Reset(int headerCount)
    {
        Key.ResetWrittenCount();
        Value.ResetWrittenCount();
        Array.Clear(Headers, 0, headerCount);
    }
}
