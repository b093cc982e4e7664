using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Transactions;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Transactions;

/// <summary>The drain gate: a partition's batch waits until AddPartitionsToTxn added the partition.</summary>
public sealed class TransactionalDrainGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CanDrain_HoldsABatchUntilItsPartitionIsAdded_ThenDefersToTheSequencer()
    {
        var coordinator = new FakeCoordinator();
        var sequencer = new IdempotentSequencer(transactional: true);
        var options = new ProducerOptions { BootstrapServers = "127.0.0.1:9092", TransactionalId = "tx", TimeProvider = new FakeTimeProvider() }.Validate();
        var manager = new TransactionManager(options, coordinator, new FakeTransactionHost(), new RandomSource(1), sequencer.SetProducerIdAndEpoch);
        var gate = new TransactionalDrainGate(sequencer, manager);
        await manager.InitTransactionsAsync(Ct);
        manager.BeginTransaction();
        var held = coordinator.Hold(Protocol.ApiKey.AddPartitionsToTxn);
        var batch = new ProducerBatch(new TopicPartition("t", 2), new RecordBatchBuilder(1024), 0, 0);

        Assert.False(gate.CanDrain(batch));
        Assert.False(gate.CanDrain(batch));
        for (var i = 0; i < 5_000 && coordinator.SentOf<AddPartitionsToTxnRequest>().Count == 0; i++)
        {
            await Task.Delay(1, Ct);
        }

        var request = Assert.Single(coordinator.SentOf<AddPartitionsToTxnRequest>());
        Assert.Equal(2, Assert.Single(Assert.Single(request.Topics).Partitions));
        held.SetResult(FakeCoordinator.AddPartitionsAnswer(request, 0));
        for (var i = 0; i < 5_000 && manager.PartitionsInTransaction == 0; i++)
        {
            await Task.Delay(1, Ct);
        }

        Assert.True(gate.CanDrain(batch));
        gate.Stamp(batch);
        Assert.Equal((4000L, (short)3, 0, true), (batch.ProducerId, batch.ProducerEpoch, batch.BaseSequence, batch.IsTransactional));
    }
}
