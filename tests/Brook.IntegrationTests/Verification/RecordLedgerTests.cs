using System.Text;
using Brook.TestSupport.Verification;

namespace Brook.IntegrationTests.Verification;

public sealed class RecordLedgerTests
{
    [Fact]
    public void Next_IssuesSequencedSelfDescribingValues()
    {
        var ledger = new RecordLedger(fillerBytes: 4, keyed: true, headerCount: 2);

        ledger.Next("a");
        var record = ledger.Next("a");

        Assert.Equal("a-0000000001|bcde", Encoding.UTF8.GetString(record.Value));
        Assert.Equal("a-1", Encoding.UTF8.GetString(record.Key!));
        Assert.Equal(["h0", "h1"], record.Headers.Select(h => h.Key));
        Assert.Equal("a:1:1", Encoding.UTF8.GetString(record.Headers[1].Value));
        Assert.Equal(2, ledger.IssuedCount);
    }

    [Fact]
    public void Next_WithDashInStreamName_ThrowsNamingTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecordLedger().Next("a-b"));

        Assert.Contains("'-'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s-0000000042|xyz", true, "s", 42)]
    [InlineData("stream.1-0000000000|", true, "stream.1", 0)]
    [InlineData("-0000000042|", false, "", -1)]
    [InlineData("s-00000x0042|", false, "", -1)]
    [InlineData("s-42|", false, "", -1)]
    [InlineData("no bar at all", false, "", -1)]
    public void TryParse_ReadsOnlyWellFormedPrefixes(string value, bool ok, string stream, long sequence)
    {
        Assert.Equal(ok, RecordLedger.TryParse(Encoding.UTF8.GetBytes(value), out var s, out var q));
        Assert.Equal(stream, s);
        Assert.Equal(sequence, q);
    }

    [Fact]
    public void Verify_WhenEveryRecordReadOnceInOrder_IsClean()
    {
        var ledger = new RecordLedger(keyed: true, headerCount: 2);
        var records = Issue(ledger, "a", 5).Concat(Issue(ledger, "b", 5)).ToList();

        // Interleave both streams over two partitions, observed out of offset order on purpose.
        var offsets = new long[2];
        var observed = records.Select((r, i) => Read(r, i % 2, offsets[i % 2]++)).Reverse();
        foreach (var o in observed)
        {
            ledger.Observe(o);
        }

        var report = ledger.Verify();

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(10, report.Delivered);
        report.ThrowIfNotClean();
    }

    [Fact]
    public void Verify_WhenRecordsMissing_ReportsLostRanges()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 10);
        long offset = 0;
        foreach (var r in records.Where(r => r.Sequence is not (3 or 4 or 5 or 8)))
        {
            ledger.Observe(Read(r, 0, offset++));
        }

        var report = ledger.Verify();

        Assert.Equal(["a #3-#5 (3 records)", "a #8"], report.Lost);
        Assert.Equal(6, report.Delivered);
        var error = Assert.Throws<LedgerMismatchException>(report.ThrowIfNotClean);
        Assert.Contains("lost (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenRecordMarkedMayBeMissing_DoesNotReportItLost()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 2);
        ledger.MarkMayBeMissing(records[1]);
        ledger.Observe(Read(records[0], 0, 0));

        Assert.True(ledger.Verify().IsClean);
    }

    [Fact]
    public void Verify_WhenRecordAppendedTwice_ReportsDuplicateWithBothPositions()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 3);
        ledger.Observe(Read(records[0], 1, 0));
        ledger.Observe(Read(records[1], 1, 1));
        ledger.Observe(Read(records[1], 1, 2));
        ledger.Observe(Read(records[2], 1, 3));

        var report = ledger.Verify();

        Assert.Equal(["a #1 read 2 times: p1@1, p1@2"], report.Duplicated);
        // The repeat also breaks strict ordering within the partition.
        Assert.Single(report.OutOfOrder);
        Assert.Empty(report.Lost);
    }

    [Fact]
    public void Verify_WhenSameOffsetReadTwice_BlamesTheReaderNotTheProducer()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 1);
        ledger.Observe(Read(records[0], 0, 7));
        ledger.Observe(Read(records[0], 0, 7));

        var report = ledger.Verify();

        Assert.Equal(["p0@7"], report.ReaderRepeats);
        Assert.Empty(report.Duplicated);
    }

    [Fact]
    public void Verify_WhenSequencesSwappedInAPartition_ReportsOutOfOrder()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 3);
        ledger.Observe(Read(records[0], 2, 10));
        ledger.Observe(Read(records[2], 2, 11));
        ledger.Observe(Read(records[1], 2, 12));

        var report = ledger.Verify();

        Assert.Equal(["partition 2 stream a: #1 at offset 12 follows #2 at offset 11"], report.OutOfOrder);
    }

    [Fact]
    public void Verify_WhenSameStreamSpreadsOverPartitions_OrdersOnlyWithinEach()
    {
        var ledger = new RecordLedger();
        var records = Issue(ledger, "a", 4);
        ledger.Observe(Read(records[1], 0, 0));
        ledger.Observe(Read(records[3], 0, 1));
        ledger.Observe(Read(records[0], 1, 0));
        ledger.Observe(Read(records[2], 1, 1));

        Assert.True(ledger.Verify().IsClean);
    }

    [Fact]
    public void Verify_WhenValueByteFlipped_ReportsWhereItDiffers()
    {
        var ledger = new RecordLedger(fillerBytes: 8);
        var record = Issue(ledger, "a", 1)[0];
        var value = (byte[])record.Value.Clone();
        value[^3] ^= 0x20;
        ledger.Observe(new ObservedRecord(0, 0, record.Key, value, record.Headers));

        var report = ledger.Verify();

        Assert.Equal([$"p0@0 a #0: value differs at byte {value.Length - 3} (length {value.Length}, expected {value.Length})"], report.Corrupted);
    }

    [Fact]
    public void Verify_WhenHeaderOrKeyChanged_ReportsCorrupted()
    {
        var ledger = new RecordLedger(keyed: true, headerCount: 1);
        var records = Issue(ledger, "a", 2);
        ledger.Observe(new ObservedRecord(0, 0, records[0].Key, records[0].Value, [new("h0", "oops"u8.ToArray())]));
        ledger.Observe(new ObservedRecord(0, 1, null, records[1].Value, records[1].Headers));

        var report = ledger.Verify();

        Assert.Equal(2, report.Corrupted.Count);
        Assert.Contains("header 0 is h0='oops', expected h0='a:0:0'", report.Corrupted[0], StringComparison.Ordinal);
        Assert.Contains("key null, expected 'a-1'", report.Corrupted[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WhenStrangerRecordsRead_ReportsThemAsNeverIssued()
    {
        var ledger = new RecordLedger();
        Issue(ledger, "a", 1);
        ledger.Observe(new ObservedRecord(0, 0, null, "hello"u8.ToArray(), []));
        ledger.Observe(new ObservedRecord(0, 1, null, ledger.ExpectedValue("a", 5), [new("h0", "a:5:0"u8.ToArray())]));
        ledger.Observe(new ObservedRecord(0, 2, null, null, []));

        var report = ledger.Verify();

        Assert.Equal(3, report.Unexpected.Count);
        Assert.Contains("a #5 was never issued", report.Unexpected[1], StringComparison.Ordinal);
        Assert.Equal(["a #0"], report.Lost);
    }

    private static List<LedgerRecord> Issue(RecordLedger ledger, string stream, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => ledger.Next(stream))];

    private static ObservedRecord Read(LedgerRecord record, int partition, long offset) =>
        new(partition, offset, record.Key, record.Value, record.Headers);
}
