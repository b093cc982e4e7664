using Brook.Cluster.Observability;

namespace Brook.Cluster.Tests.Observability;

public sealed class RequestHistoryTests
{
    private static RequestRecord Record(int correlationId) => new()
    {
        BrokerId = 0,
        ConnectionId = 1,
        ApiKey = 0,
        ApiVersion = 9,
        CorrelationId = correlationId,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Snapshot_KeepsTheNewestEntriesOldestFirst()
    {
        var history = new RequestHistory(3);
        for (var i = 0; i < 5; i++)
        {
            history.Add(Record(i));
        }

        Assert.Equal([2, 3, 4], history.Snapshot().Select(r => r.CorrelationId));
        Assert.Equal(5, history.TotalRecorded);
    }

    [Fact]
    public void Add_WithZeroCapacity_RecordsNothing()
    {
        var history = new RequestHistory(0);
        history.Add(Record(1));

        Assert.Empty(history.Snapshot());
    }
}
