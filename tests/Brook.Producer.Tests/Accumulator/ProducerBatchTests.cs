using Brook.Producer.Accumulator;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Accumulator;

public sealed class ProducerBatchTests
{
    private static ProducerBatch Create(CompletionChunkPool pool) =>
        new(new TopicPartition("t", 0), new RecordBatchBuilder(1024), 0, 0) { CompletionPool = pool };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(259)]
    [InlineData(1000)]
    public void DispatchRecords_CompletesEveryRecordOnceInRegistrationOrder(int records)
    {
        var batch = Create(new CompletionChunkPool());
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
    public void DispatchRecords_ReturnsEveryChunkClearedToThePool()
    {
        var pool = new CompletionChunkPool();
        var batch = Create(pool);
        for (var i = 0; i < CompletionChunk.Capacity + 1; i++)
        {
            batch.AddRecordCompletion(new RecordingCompletion(i, []));
        }

        batch.Fail(new KafkaException("failed"), PersistenceStatus.NotPersisted);

        var chunks = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        Assert.All(chunks.Take(2), chunk => Assert.All(chunk.Slots, slot => Assert.Null(slot.Completion)));
        Assert.All(chunks.Take(2), chunk => Assert.Null(chunk.Next));
        Assert.DoesNotContain(chunks[2], chunks.Take(2)); // the pool held exactly the batch's two chunks
    }

    [Fact]
    public void DispatchRecords_WithoutRecords_CompletesTheBatch()
    {
        var batch = Create(new CompletionChunkPool());

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
