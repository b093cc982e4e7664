using System.Diagnostics;
using System.Text;

namespace Brook.Producer.Tests.Client;

public sealed class RecordScratchTests
{
    private static Activity W3CActivity()
    {
        var activity = new Activity("test");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        activity.Start();
        activity.Stop();
        return activity;
    }

    [Fact]
    public void AddTraceParent_NoHeaders_AddsW3CTraceParent()
    {
        var scratch = new RecordScratch();
        var activity = W3CActivity();

        var count = scratch.AddTraceParent(activity, scratch.SetHeaders(null));

        Assert.Equal(1, count);
        Assert.Equal("traceparent", scratch.Headers[0].Key);
        var value = Encoding.ASCII.GetString(scratch.Headers[0].Value.Span);
        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", value);
        Assert.Equal(55, value.Length);
    }

    [Fact]
    public void AddTraceParent_ExistingTraceParent_ReplacesItAndKeepsOthers()
    {
        var scratch = new RecordScratch();
        var headers = new Headers();
        headers.Add("a", "1");
        headers.Add("traceparent", "00-stale");
        headers.Add("b", "2");
        var activity = W3CActivity();

        var count = scratch.AddTraceParent(activity, scratch.SetHeaders(headers));

        Assert.Equal(3, count);
        Assert.Equal(["a", "traceparent", "b"], scratch.Headers.Take(3).Select(h => h.Key));
        Assert.Equal(activity.Id, Encoding.ASCII.GetString(scratch.Headers[1].Value.Span));
        Assert.Equal("00-stale", headers[1].Value.Span.Length == 8 ? Encoding.ASCII.GetString(headers[1].Value.Span) : null); // the message is untouched
    }

    [Fact]
    public void AddTraceParent_NoActivityOrHierarchicalId_AddsNothing()
    {
        var scratch = new RecordScratch();
        var hierarchical = new Activity("h");
        hierarchical.SetIdFormat(ActivityIdFormat.Hierarchical);
        hierarchical.Start();
        hierarchical.Stop();

        Assert.Equal(0, scratch.AddTraceParent(null, 0));
        Assert.Equal(0, scratch.AddTraceParent(hierarchical, 0));
    }
}
