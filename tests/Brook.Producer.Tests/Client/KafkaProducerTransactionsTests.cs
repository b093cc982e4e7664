namespace Brook.Producer.Tests.Client;

/// <summary>The transactional API's argument and configuration checks (no broker is contacted).</summary>
public sealed class KafkaProducerTransactionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TransactionMethods_OnANonTransactionalProducer_NameTheMissingSetting()
    {
        await using var producer = new ProducerBuilder<Null, string>(new ProducerOptions { BootstrapServers = "127.0.0.1:1" }).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await producer.InitTransactionsAsync(Ct));

        Assert.Contains("transactional.id", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(producer.BeginTransaction);
    }

    [Fact]
    public async Task SendOffsets_WithASpecialOffset_IsRejectedBeforeAnyRequest()
    {
        await using var producer = new ProducerBuilder<Null, string>(new ProducerOptions { BootstrapServers = "127.0.0.1:1", TransactionalId = "tx" }).Build();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await producer.SendOffsetsToTransactionAsync([new TopicPartitionOffset("in", 0, Offset.End)], ConsumerGroupMetadata.ForGroup("g"), Ct));

        Assert.Contains("last processed + 1", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await producer.SendOffsetsToTransactionAsync([new TopicPartitionOffset("in", 0, 5)], ConsumerGroupMetadata.ForGroup(""), Ct));
    }

    [Fact]
    public void Options_NonPositiveTransactionTimeout_IsRejectedWithTheKey()
    {
        var error = Assert.Throws<ProducerConfigurationException>(() =>
            new ProducerOptions { BootstrapServers = "127.0.0.1:1", TransactionalId = "tx", TransactionTimeoutMs = 0 }.Validate());

        Assert.Contains("transaction.timeout.ms", error.Message, StringComparison.Ordinal);
    }
}
