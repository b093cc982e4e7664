using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// Allocation by type, in process: listens to the runtime's GC keyword at verbose level, where the runtime raises a
/// <c>GCAllocationTick</c> event about every 100 KB allocated (per heap), naming the type of the object that crossed the
/// threshold and the bytes allocated since the previous tick. Summing those amounts per type estimates where the bytes
/// went (a sample, not a count: types allocated rarely show only when they cross a tick). Used by the allocation tests
/// (so a failed bound names what was allocated) and by the side-by-side harness's <c>--alloc-types</c>. The listener's
/// own event objects are allocated on its dispatch thread, a few hundred bytes per ~100 KB sampled.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long TickBytes = 100_000;

    private readonly Dictionary<string, long> _bytes = [];
    private volatile bool _on;

    /// <summary>Creates the sampler; it counts only while <see cref="On"/>.</summary>
    public AllocationSampler(bool on = false)
    {
        _on = on;
    }

    /// <summary>Whether ticks are counted now (the listener stays attached either way).</summary>
    public bool On
    {
        get => _on;
        set => _on = value;
    }

    /// <summary>Bytes attributed to all types since the last <see cref="Reset"/>.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_bytes)
            {
                long total = 0;
                foreach (var bytes in _bytes.Values)
                {
                    total += bytes;
                }

                return total;
            }
        }
    }

    /// <summary>Forgets every sample.</summary>
    public void Reset()
    {
        lock (_bytes)
        {
            _bytes.Clear();
        }
    }

    /// <summary>The <paramref name="count"/> types (with their object-size class) that were sampled most, by bytes.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Top(int count)
    {
        lock (_bytes)
        {
            return [.. _bytes.OrderByDescending(kv => kv.Value).Take(count).Select(kv => (kv.Key, kv.Value))];
        }
    }

    /// <summary>One line per type: sampled bytes, then the type and its object-size class (a power of two).</summary>
    public string Report(int count = 25)
    {
        var text = new StringBuilder();
        foreach (var (type, bytes) in Top(count))
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes,12} {type}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>As <see cref="Report"/>, each type's bytes divided by <paramref name="units"/> (e.g. per request or per record).</summary>
    public string ReportPer(double units, string unitName, int count = 25)
    {
        var text = new StringBuilder();
        foreach (var (type, bytes) in Top(count))
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes / units,12:F1} B/{unitName} {type}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!_on || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var names = eventData.PayloadNames;
        var typeIndex = names.IndexOf("TypeName");
        var amountIndex = names.IndexOf("AllocationAmount64");
        var sizeIndex = names.IndexOf("ObjectSize");
        var type = typeIndex >= 0 ? eventData.Payload[typeIndex]?.ToString() ?? "?" : "?";
        var size = sizeIndex >= 0 ? Convert.ToInt64(eventData.Payload[sizeIndex], CultureInfo.InvariantCulture) : -1;
        var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : TickBytes;
        var key = size < 0
            ? type
            : string.Create(CultureInfo.InvariantCulture, $"{type} (size~{1L << (int)Math.Log2(Math.Max(1, size))})");
        lock (_bytes)
        {
            _bytes[key] = _bytes.GetValueOrDefault(key) + amount;
        }
    }
}
