namespace Brook.Producer;

/// <summary>
/// Names to subscribe to the producer's telemetry: the <see cref="System.Diagnostics.ActivitySource"/> (one span per
/// send, OpenTelemetry messaging conventions), the <see cref="System.Diagnostics.Metrics.Meter"/> (Java metric names)
/// and the logger categories (all start with <c>Brook.Producer</c>).
/// </summary>
public static class BrookDiagnostics
{
    /// <summary>The ActivitySource name, e.g. for OpenTelemetry's <c>AddSource</c>.</summary>
    public const string ActivitySourceName = "Brook.Producer";

    /// <summary>The Meter name, e.g. for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Brook.Producer";

    /// <summary>The record header carrying the W3C trace context when <see cref="ProducerOptions.EnableTraceContextPropagation"/> is on.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The prefix of every logger category the producer writes (<c>Brook.Producer.Network</c>, <c>.Sender</c>, ...).</summary>
    public const string LoggerCategoryPrefix = "Brook.Producer";
}
