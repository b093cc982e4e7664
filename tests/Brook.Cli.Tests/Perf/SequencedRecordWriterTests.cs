using System.Text;
using Brook.Cli.Perf;
using Brook.Tests.Shared;

namespace Brook.Cli.Tests.Perf;

public sealed class SequencedRecordWriterTests
{
    [Fact]
    public void Write_ProducesStreamDashTenDigitsBarFillerOfExactSize()
    {
        var w = new SequencedRecordWriter("p0", 30);
        w.Write(42);
        Assert.Equal("p0-0000000042|xxxxxxxxxxxxxxxx", Encoding.ASCII.GetString(w.Value.Span));
        Assert.Equal(30, w.Value.Length);
        Assert.Equal("0000000042", Encoding.ASCII.GetString(w.Key.Span));
    }

    [Fact]
    public void Write_AtHeaderSize_HasNoFiller()
    {
        var w = new SequencedRecordWriter("ab", SequencedRecordWriter.HeaderLength("ab"));
        w.Write(SequencedRecordWriter.MaxSequence);
        Assert.Equal("ab-9999999999|", Encoding.ASCII.GetString(w.Value.Span));
    }

    [Fact]
    public void Constructor_WhenRecordTooSmall_ThrowsNamingTheMinimum()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SequencedRecordWriter("p0abc", 10));
        Assert.Contains("at least 17 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithSeparatorInStream_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SequencedRecordWriter("p-0", 100));
    }

    [Fact]
    public void Write_OutOfRange_Throws()
    {
        var w = new SequencedRecordWriter("p0", 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Write(SequencedRecordWriter.MaxSequence + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Write(-1));
    }

    [Fact]
    public void Write_ReusesBuffers_WithoutAllocating()
    {
        var w = new SequencedRecordWriter("p0", 100);
        var value = w.Value;
        w.Write(1);
        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (long i = 0; i < 100_000; i++)
            {
                w.Write(i);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(value.Span == w.Value.Span);
    }

    [Fact]
    public void NewStreamId_IsSeededAndParseable()
    {
        var a = SequencedRecordWriter.NewStreamId(new Random(7));
        var b = SequencedRecordWriter.NewStreamId(new Random(7));
        Assert.Equal(a, b);
        Assert.Matches("^p[0-9a-f]{6}$", a);
    }
}
