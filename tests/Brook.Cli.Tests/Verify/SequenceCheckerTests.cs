using System.Text;
using Brook.Cli.Verify;

namespace Brook.Cli.Tests.Verify;

public sealed class SequenceCheckerTests
{
    private static void Add(SequenceChecker c, int partition, string stream, long seq, bool key = true, long offset = 0)
    {
        var digits = seq.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        c.Add(partition, offset, Encoding.ASCII.GetBytes(digits), key, Encoding.ASCII.GetBytes($"{stream}-{digits}|xxxx"));
    }

    [Fact]
    public void Result_WhenEverySequenceOnceInOrder_Passes()
    {
        var c = new SequenceChecker();
        for (var i = 0; i < 1000; i++)
        {
            Add(c, i % 3, "p1a2b3c", i);
        }

        var r = c.Result(1000);
        Assert.True(r.Passed);
        Assert.Equal("PASS records=1000 unique=1000 expected=1000 duplicates=0 missing=0 out-of-order=0 malformed=0 key-mismatches=0 streams=1", r.Line());
    }

    [Fact]
    public void Result_WithDuplicate_FailsAndCountsIt()
    {
        var c = new SequenceChecker();
        for (var i = 0; i < 10; i++)
        {
            Add(c, 0, "p0", i);
        }

        Add(c, 1, "p0", 4);
        var r = c.Result(10);
        Assert.False(r.Passed);
        Assert.Equal(1, r.Duplicates);
        Assert.Equal(11, r.Records);
        Assert.Equal(10, r.Unique);
        Assert.Equal(0, r.OutOfOrder);
    }

    [Fact]
    public void Result_WithGaps_ListsMissingRanges()
    {
        var c = new SequenceChecker();
        foreach (var i in new[] { 0, 1, 5, 6, 8, 9 })
        {
            Add(c, 0, "p0", i);
        }

        var r = c.Result(10);
        Assert.False(r.Passed);
        Assert.Equal(4, r.Missing);
        Assert.Equal(["p0 2..4", "p0 7"], r.Gaps);
        Assert.StartsWith("FAIL ", r.Line(), StringComparison.Ordinal);
    }

    [Fact]
    public void Result_WhenTailMissing_FailsOnCount()
    {
        var c = new SequenceChecker();
        for (var i = 0; i < 8; i++)
        {
            Add(c, 0, "p0", i);
        }

        var r = c.Result(10);
        Assert.False(r.Passed);
        Assert.Equal(0, r.Missing);
        Assert.Equal(8, r.Unique);
    }

    [Fact]
    public void Add_WhenPartitionGoesBackwards_CountsOutOfOrder()
    {
        var c = new SequenceChecker();
        Add(c, 0, "p0", 0);
        Add(c, 0, "p0", 2);
        Add(c, 0, "p0", 1);
        Add(c, 1, "p0", 3); // other partition: independent order
        var r = c.Result(4);
        Assert.Equal(1, r.OutOfOrder);
        Assert.False(r.Passed);
    }

    [Fact]
    public void Add_StreamsAreIndependent()
    {
        var c = new SequenceChecker();
        for (var i = 0; i < 5; i++)
        {
            Add(c, 0, "pa", i);
            Add(c, 0, "pb", i);
        }

        var r = c.Result(10);
        Assert.True(r.Passed);
        Assert.Equal(2, r.Streams);
    }

    [Fact]
    public void Add_MalformedValueAndWrongKey_AreCounted()
    {
        var c = new SequenceChecker();
        c.Add(0, 0, default, false, "hello"u8);
        c.Add(0, 1, "0000000009"u8, true, "p0-0000000001|x"u8);
        var r = c.Result(1);
        Assert.Equal(1, r.Malformed);
        Assert.Equal(1, r.KeyMismatches);
        Assert.False(r.Passed);
    }

    [Theory]
    [InlineData("p0-0000000042|xx", "p0", 42)]
    [InlineData("a-b-0000000001|", "a-b", 1)]
    public void TryParse_ReadsStreamAndSequence(string value, string stream, long sequence)
    {
        Assert.True(SequenceChecker.TryParse(Encoding.ASCII.GetBytes(value), out var s, out var seq));
        Assert.Equal(stream, Encoding.ASCII.GetString(s));
        Assert.Equal(sequence, seq);
    }

    [Theory]
    [InlineData("p0-000000004x|")]
    [InlineData("p0_0000000042|")]
    [InlineData("p0-0000000042")]
    [InlineData("-0000000042|")]
    public void TryParse_RejectsOtherShapes(string value)
    {
        Assert.False(SequenceChecker.TryParse(Encoding.ASCII.GetBytes(value), out _, out _));
    }
}
