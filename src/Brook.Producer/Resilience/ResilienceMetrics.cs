using System.Diagnostics.Metrics;

namespace Brook.Producer;

/// <summary>
/// The resilience wrapper's counters as <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <see cref="MeterName"/> (tagged <c>client.id</c>, like the producer's own meter), so dashboards see breaker trips and
/// dead-lettered records next to the Java-named producer metrics. The instruments are observable: they read the
/// wrapper's interlocked counts when a listener collects, so sends pay nothing for them.
/// </summary>
internal sealed class ResilienceMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Brook.Producer.Resilience";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the meter (from <paramref name="meterFactory"/> when given) and its instruments.</summary>
    /// <param name="meterFactory">Creates the meter (DI); null creates a standalone meter disposed with this object.</param>
    /// <param name="clientId">client.id, added as a meter tag when not empty.</param>
    /// <param name="counts">Reads the wrapper's counts.</param>
    public ResilienceMetrics(IMeterFactory? meterFactory, string? clientId, IResilienceCounts counts)
    {
        var tags = string.IsNullOrEmpty(clientId) ? null : new[] { new KeyValuePair<string, object?>("client.id", clientId) };
        var options = new MeterOptions(MeterName) { Tags = tags };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _meter.CreateObservableCounter("dead-letter-total", () => counts.DeadLetteredCount, "{record}", "Records written to the dead-letter topic.");
        _meter.CreateObservableCounter("dead-letter-error-total", () => counts.DeadLetterFailedCount, "{record}", "Records whose dead-letter send failed too.");
        _meter.CreateObservableCounter("circuit-rejected-total", () => counts.RejectedByCircuitCount, "{send}", "Sends refused because the circuit was open.");
        _meter.CreateObservableCounter("circuit-open-total", () => counts.CircuitOpenings, "{opening}", "Times the circuit opened.");
        _meter.CreateObservableGauge("circuit-state", () => (int)counts.CircuitState, "1", "The breaker's state: 0 closed, 1 open, 2 half-open, 3 isolated (Polly's CircuitState).");
    }

    /// <summary>Disposes the meter when this object created it (a factory's meters belong to the factory).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
