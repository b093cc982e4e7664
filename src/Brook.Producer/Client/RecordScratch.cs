using System.Buffers;
using Brook.Protocol.Records;

namespace Brook.Producer;

/// <summary>
/// Reusable per-send scratch space (pooled by the producer): key and value writers the serializers write into and a
/// header array, so serialization allocates nothing once warm. The append copies the bytes into the batch.
/// </summary>
internal sealed class RecordScratch
{
    // The scratch of the current thread's synchronous sends: taken and given back within one send, so a thread that sends
    // in a loop reuses one scratch without a queue operation.
    [ThreadStatic]
    private static RecordScratch? _threadScratch;

    // "00-" + 32 hex trace id + "-" + 16 hex span id + "-" + 2 hex flags = 55 bytes; room for a longer future version.
    private readonly byte[] _traceParent = new byte[128];

    /// <summary>Takes the current thread's scratch, else one from <paramref name="spare"/>, else a new one.</summary>
    public static RecordScratch Take(System.Collections.Concurrent.ConcurrentQueue<RecordScratch> spare)
    {
        var scratch = _threadScratch;
        if (scratch is not null)
        {
            _threadScratch = null;
            return scratch;
        }

        return TakeSpare(spare);
    }

    /// <summary>Takes one from <paramref name="spare"/>, else a new one (for a send that may continue on another thread).</summary>
    public static RecordScratch TakeSpare(System.Collections.Concurrent.ConcurrentQueue<RecordScratch> spare) =>
        spare.TryDequeue(out var scratch) ? scratch : new RecordScratch();

    /// <summary>Clears a scratch taken with <see cref="Take"/> and keeps it for the current thread's next send.</summary>
    public void ReturnToThread(int headerCount)
    {
        Reset(headerCount);
        _threadScratch = this;
    }

    /// <summary>Key bytes.</summary>
    public ArrayBufferWriter<byte> Key { get; } = new(256);

    /// <summary>Value bytes.</summary>
    public ArrayBufferWriter<byte> Value { get; } = new(1024);

    /// <summary>
    /// The headers serializers see for a message sent without any, so they can still add some (a schema id, say): as in
    /// Confluent.Kafka, <see cref="SerializationContext.Headers"/> is never null. Emptied with the scratch.
    /// </summary>
    public Headers SerializerHeaders { get; } = new(0);

    /// <summary>The headers the serializers get and the record carries: the message's own, else <see cref="SerializerHeaders"/>.</summary>
    public Headers HeadersFor(Headers? messageHeaders) => messageHeaders ?? SerializerHeaders;

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

    /// <summary>
    /// Adds (or replaces) the <c>traceparent</c> header with <paramref name="activity"/>'s W3C id; returns the new header
    /// count. Nothing happens without an activity or with a non-W3C id.
    /// </summary>
    public int AddTraceParent(System.Diagnostics.Activity? activity, int headerCount)
    {
        if (activity is null || activity.IdFormat != System.Diagnostics.ActivityIdFormat.W3C || activity.Id is not { } id)
        {
            return headerCount;
        }

        // The bytes live in this scratch until the append copied them into the batch.
        var length = System.Text.Encoding.ASCII.GetBytes(id, _traceParent);
        var header = new RecordHeader(BrookDiagnostics.TraceParentHeader, _traceParent.AsMemory(0, length));
        for (var i = 0; i < headerCount; i++)
        {
            if (string.Equals(Headers[i].Key, BrookDiagnostics.TraceParentHeader, StringComparison.Ordinal))
            {
                Headers[i] = header;
                return headerCount;
            }
        }

        if (Headers.Length <= headerCount)
        {
            var grown = new RecordHeader[Math.Max(headerCount + 1, 4)];
            Headers.AsSpan(0, headerCount).CopyTo(grown);
            Headers = grown;
        }

        Headers[headerCount] = header;
        return headerCount + 1;
    }

    /// <summary>Clears for the next record (keeps capacity).</summary>
    public void Reset(int headerCount)
    {
        Key.ResetWrittenCount();
        Value.ResetWrittenCount();
        Array.Clear(Headers, 0, headerCount);
        if (SerializerHeaders.Count > 0)
        {
            SerializerHeaders.Clear();
        }
    }
}
