using Brook.Producer.Diagnostics;
using Brook.Producer.Internals;
using Brook.Producer.Tests.Transactions;
using Brook.Producer.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>Transaction state changes, logged by <see cref="TransactionManager"/>.</summary>
public sealed class TransactionLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly CapturingLoggerFactory _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitThenBegin_LogsEachTransitionInOrder()
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            TransactionalId = "tx",
            TimeProvider = _time,
            LoggerFactory = _logs,
        }.Validate();
        var manager = new TransactionManager(options, new FakeCoordinator(), new FakeTransactionHost(), new RandomSource(42), (_, _) => { });

        await manager.InitTransactionsAsync(Ct);
        manager.BeginTransaction();

        Assert.Equal(
            [
                "Transaction state of 'tx' changed from Uninitialized to Initializing",
                "Transaction state of 'tx' changed from Initializing to Ready",
                "Transaction state of 'tx' changed from Ready to InTransaction",
            ],
            _logs.WithEvent(LogEvents.TransactionStateChanged).Select(e => e.Message));
        Assert.All(_logs.WithEvent(LogEvents.TransactionStateChanged), e => Assert.Equal(LogCategories.Transactions, e.Category));
    }
}
