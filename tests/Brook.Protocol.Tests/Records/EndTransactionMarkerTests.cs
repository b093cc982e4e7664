using Brook.Protocol.Records;

namespace Brook.Protocol.Tests.Records;

public sealed class EndTransactionMarkerTests
{
    [Fact]
    public void WriteBatch_Commit_MatchesGoldenB3()
    {
        var buffer = new byte[EndTransactionMarker.BatchSize];
        var written = new EndTransactionMarker(ControlRecordType.Commit, 0).WriteBatch(buffer, 1000, 0, GoldenBatches.Timestamp);
        Assert.Equal(78, written);
        Assert.Equal(Convert.ToHexString(GoldenBatches.B3), Convert.ToHexString(buffer));
    }

    [Fact]
    public void Read_GoldenB3_IsCommitMarker()
    {
        using var reader = RecordBatchReader.Open(GoldenBatches.B3);
        Assert.True(reader.Header.IsControl);
        Assert.True(reader.Header.IsTransactional);
        Assert.Equal(0xA1AC499Fu, reader.Header.Crc);
        Assert.Equal(-1, reader.Header.BaseSequence);
        var count = 0;
        foreach (var record in reader)
        {
            Assert.Equal(new EndTransactionMarker(ControlRecordType.Commit, 0), EndTransactionMarker.Read(record));
            count++;
        }

        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData(ControlRecordType.Abort, 7)]
    [InlineData(ControlRecordType.Commit, int.MaxValue)]
    public void WriteBatch_ThenRead_RoundTrips(ControlRecordType type, int coordinatorEpoch)
    {
        var buffer = new byte[EndTransactionMarker.BatchSize + 5];
        var marker = new EndTransactionMarker(type, coordinatorEpoch);
        var written = marker.WriteBatch(buffer, 42, 3, 123);
        using var reader = RecordBatchReader.Open(buffer.AsSpan(0, written));
        Assert.Equal(42, reader.Header.ProducerId);
        Assert.Equal(3, reader.Header.ProducerEpoch);
        var enumerator = reader.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(marker, EndTransactionMarker.Read(enumerator.Current));
        Assert.False(enumerator.MoveNext());
    }

    [Fact]
    public void WriteBatch_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => new EndTransactionMarker(ControlRecordType.Abort, 0).WriteBatch(new byte[77], 1, 0, 0));

    [Fact]
    public void Read_OrdinaryRecord_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() =>
        {
            using var reader = RecordBatchReader.Open(GoldenBatches.B1);
            var enumerator = reader.GetEnumerator();
            enumerator.MoveNext();
            EndTransactionMarker.Read(enumerator.Current);
        });
    }
}
