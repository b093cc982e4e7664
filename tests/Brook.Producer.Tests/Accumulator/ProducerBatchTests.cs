using Brook.Producer.Accumulator;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Accumulator;

public sealed class ProducerBatchTests
{
    private static ProducerBatch Create(CompletionSlotPool pool) =>
        new(new TopicPartition("t", 0), new RecordBatchBuilder(1024), 0, 0) { CompletionPool = pool };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(64)]
    [InlineData(1000)]
    public void DispatchRecords_CompletesEveryRecordOnceInRegistrationOrder(int records)
    {
        var batch = Create(new CompletionSlotPool());
        var completed = new List<int>();
        var completions = Enumerable.Range(0, records).Select(i => new RecordingCompletion(i, completed)).ToArray();
        foreach (var completion in completions)
        {
            batch.AddRecordCompletion(completion);
        }

        Assert.True(batch.Succeed(100, -1, PersistenceStatus.Persisted)); // no sink: dispatched inline
        batch.DispatchRecords(); // a second dispatch does nothing

        Assert.Equal(Enumerable.Range(0, records), completed);
        Assert.All(completions, c => Assert.Same(batch, c.CompletedBy));

        // Every record is read ahead once before it completes (the look-ahead covers the whole array).
        Assert.All(completions, c => Assert.Equal(1, c.Touches));
        Assert.True(batch.RecordsCompleted);
    }

    [Fact]
    public void DispatchRecords_ReturnsTheClearedArrayToThePool()
    {
        var pool = new CompletionSlotPool();
        var batch = Create(pool);
        batch.AddRecordCompletion(new RecordingCompletion(0, []));

        batch.Fail(new KafkaException("failed"), PersistenceStatus.NotPersisted);

        var reused = pool.Rent(1);
        Assert.All(reused, slot => Assert.Null(slot.Completion));
        Assert.NotSame(reused, pool.Rent(1)); // the pool held exactly the batch's array
    }

    [Fact]
    public void DispatchRecords_WithoutRecords_CompletesTheBatch()
    {
        var batch = Create(new CompletionSlotPool());

        batch.Succeed(0, -1, PersistenceStatus.Persisted);

        Assert.True(batch.Completion.IsCompleted);
    }

    private sealed class RecordingCompletion(int id, List<int> completed) : IRecordCompletion
    {
        public ProducerBatch? CompletedBy { get; private set; }

        public int Touches { get; private set; }

        public void OnAppended(int partition, int recordIndex)
        {
        }

        public void Complete(ProducerBatch batch)
        {
            Assert.Equal(1, Touches); // read ahead before its turn
            CompletedBy = batch;
            completed.Add(id);
        }

        public int Touch()
        {
            Touches++;
            return id;
        }
    }
}
