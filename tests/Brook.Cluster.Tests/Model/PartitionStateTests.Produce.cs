using System.Buffers.Binary;
using Brook.Protocol.Errors;
using Brook.Protocol;
using Brook.Tests.Shared;

namespace Brook.Cluster.Tests.Model;

public sealed partial class PartitionStateTests
{
    /// <summary>First byte of the first record (its length varint) in a test batch.</summary>
    private const int TestBatchesRecordStart = 61;

    [Fact]
    public async Task Idempotent_DuplicateInWindow_ReturnsOriginalOffsetAndStoresNothing()
    {
        using var f = new ClusterFixture();
        var first = await f.Produce(TestBatches.Idempotent(5, 0, 0, records: 2), acks: -1);
        await f.Produce(TestBatches.Idempotent(5, 0, 2, records: 2), acks: -1);

        var duplicate = await f.Produce(TestBatches.Idempotent(5, 0, 0, records: 2), acks: -1);

        Assert.Equal(ErrorCode.None, duplicate.Error);
        Assert.Equal(first.BaseOffset, duplicate.BaseOffset);
        Assert.Equal(4, f.Partition.Log.LogEndOffset);
    }

    [Theory]
    [InlineData(0, 5, ErrorCode.OutOfOrderSequenceNumber)]
    [InlineData(0, 1, ErrorCode.OutOfOrderSequenceNumber)]
    [InlineData(1, 3, ErrorCode.OutOfOrderSequenceNumber)]
    [InlineData(1, 0, ErrorCode.None)]
    [InlineData(0, 2, ErrorCode.None)]
    public async Task Idempotent_SequenceRules_FollowBrokerSemantics(short epoch, int sequence, ErrorCode expected)
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Idempotent(5, 0, 0, records: 2), acks: -1);

        var result = await f.Produce(TestBatches.Idempotent(5, epoch, sequence), acks: -1);

        Assert.Equal(expected, result.Error);
        Assert.Equal(expected == ErrorCode.None ? 3 : 2, f.Partition.Log.LogEndOffset);
    }

    [Fact]
    public async Task Idempotent_LowerEpoch_IsInvalidProducerEpoch()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Idempotent(5, 3, 0), acks: -1);

        Assert.Equal(ErrorCode.InvalidProducerEpoch, (await f.Produce(TestBatches.Idempotent(5, 2, 1), acks: -1)).Error);
    }

    [Fact]
    public async Task LogAppendTime_AnswersAppendTimeAndDuplicateGetsTheOriginalTime()
    {
        using var f = new ClusterFixture(config: new TopicConfig { TimestampType = MessageTimestampType.LogAppendTime });
        var appendedAt = f.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var first = await f.Produce(TestBatches.Idempotent(5, 0, 0), acks: 1);
        f.Time.Advance(TimeSpan.FromSeconds(5));

        var duplicate = await f.Produce(TestBatches.Idempotent(5, 0, 0), acks: 1);

        Assert.Equal(appendedAt, first.LogAppendTimeMs);
        Assert.Equal(appendedAt, duplicate.LogAppendTimeMs);
    }

    [Fact]
    public async Task Validation_ControlBatchFromClient_IsInvalidRecord()
    {
        using var f = new ClusterFixture();

        var result = await f.Produce(TestBatches.Create(producerId: 5, producerEpoch: 0, baseSequence: 0, attributes: 0x30));

        Assert.Equal(ErrorCode.InvalidRecord, result.Error);
    }

    [Fact]
    public async Task Validation_CrcMismatch_IsCorruptMessage()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create(records: 2);
        batch[^1] ^= 0xFF;

        Assert.Equal(ErrorCode.CorruptMessage, (await f.Produce(batch)).Error);
    }

    [Fact]
    public async Task Validation_LargerThanMaxMessageBytes_IsMessageTooLarge()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MaxMessageBytes = 100 });

        Assert.Equal(ErrorCode.MessageTooLarge, (await f.Produce(TestBatches.Create(valueSize: 100))).Error);
    }

    [Fact]
    public async Task Validation_TwoBatches_IsInvalidRecord()
    {
        using var f = new ClusterFixture();
        var one = TestBatches.Create();

        Assert.Equal(ErrorCode.InvalidRecord, (await f.Produce([.. one, .. one])).Error);
    }

    [Fact]
    public async Task Validation_MagicOne_IsInvalidRecord()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create();
        batch[16] = 1;

        Assert.Equal(ErrorCode.InvalidRecord, (await f.Produce(batch)).Error);
    }

    [Fact]
    public async Task Validation_ZstdBelowProduceV7_IsUnsupportedCompressionType()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create(attributes: 4);

        var result = await f.Partition.AppendAsync(f.Leader, batch, 1, 1000, produceVersion: 6);

        Assert.Equal(ErrorCode.UnsupportedCompressionType, result.Error);
    }

    [Fact]
    public async Task Validation_TransactionalWithoutProducerId_IsInvalidProducerIdMapping()
    {
        using var f = new ClusterFixture();

        Assert.Equal(ErrorCode.InvalidProducerIdMapping, (await f.Produce(TestBatches.Create(attributes: 0x10))).Error);
    }

    [Fact]
    public async Task Validation_LastOffsetDeltaNotCountMinusOne_IsInvalidRecord()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create(records: 3);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 1);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Brook.Protocol.Crc32C.Compute(batch.AsSpan(21)));

        Assert.Equal(ErrorCode.InvalidRecord, (await f.Produce(batch)).Error);
    }

    [Fact]
    public async Task Validation_MalformedRecordWithValidCrc_IsCorruptMessage()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create(records: 2);
        batch[TestBatchesRecordStart] = 0x7f;
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Brook.Protocol.Crc32C.Compute(batch.AsSpan(21)));

        Assert.Equal(ErrorCode.CorruptMessage, (await f.Produce(batch)).Error);
    }

    [Fact]
    public async Task Validation_CorruptCompressedRecords_IsCorruptMessage()
    {
        using var f = new ClusterFixture();
        var batch = TestBatches.Create(records: 2, attributes: 3);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Brook.Protocol.Crc32C.Compute(batch.AsSpan(21)));

        Assert.Equal(ErrorCode.CorruptMessage, (await f.Produce(batch)).Error);
    }

    [Fact]
    public async Task Validation_NotLeaderIsCheckedBeforeTheBatchContents()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MaxMessageBytes = 100 });

        var result = await f.Partition.AppendAsync(f.Followers[0], TestBatches.Create(valueSize: 100), 1, 1000, 9);

        Assert.Equal(ErrorCode.NotLeaderOrFollower, result.Error);
    }

    [Fact]
    public async Task Validation_NotEnoughReplicasIsCheckedBeforeTheCrc()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MinInsyncReplicas = 3 });
        f.Partition.ShrinkIsr(f.Followers[0]);
        var batch = TestBatches.Create();
        batch[^1] ^= 0xFF;

        Assert.Equal(ErrorCode.NotEnoughReplicas, (await f.Produce(batch, acks: -1)).Error);
        Assert.Equal(ErrorCode.CorruptMessage, (await f.Produce(batch, acks: 1)).Error);
    }

    [Fact]
    public async Task Append_SteadyStateWithRetention_AllocatesNothing()
    {
        using var f = new ClusterFixture(config: new TopicConfig { RetentionBytes = 2 * 1024 * 1024 });
        var batch = TestBatches.Create(records: 100, valueSize: 100);
        for (var i = 0; i < 20_000; i++)
        {
            await f.Produce(batch, acks: -1);
        }

        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (ClusterFixture.Completed(f.Produce(batch, acks: -1)).Error != ErrorCode.None)
                {
                    Assert.Fail("append failed");
                }
            }
        });

        Assert.True(allocated < 1024, $"{allocated} bytes allocated over 20000 appends");
    }
}
