using System.Diagnostics.Tracing;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// Samples the runtime's GC allocation ticks (one per ~100 KB allocated) by type and size class, so an allocation
/// bound that fails names what was allocated.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = [];
    private volatile bool _on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var idx = e.PayloadNames!.IndexOf("TypeName");
        var amountIdx = e.PayloadNames.IndexOf("AllocationAmount64");
        var sizeIdx = e.PayloadNames.IndexOf("ObjectSize");
        var size = sizeIdx >= 0 ? Convert.ToInt64(e.Payload[sizeIdx], System.Globalization.CultureInfo.InvariantCulture) : -1;
        var name = (idx >= 0 ? e.Payload[idx]?.ToString() ?? "?" : "?") + " size~" + (size < 0 ? -1 : 1L << (int)Math.Log2(Math.Max(1, size)));
        var amount = amountIdx >= 0 ? Convert.ToInt64(e.Payload[amountIdx], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_bytes)
        {
            _bytes[name] = _bytes.GetValueOrDefault(name) + amount;
        }
    }

    public string Report()
    {
        lock (_bytes)
        {
            return string.Join("\n", _bytes.OrderByDescending(kv => kv.Value).Take(25).Select(kv => $"{kv.Value,12} {kv.Key}"));
        }
    }
}
