using Brook.Producer.Diagnostics;
using Brook.Producer.Tests.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Tests.DependencyInjection;

public sealed class BrookServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddBrookProducer_ResolvesOneSingletonWithTheContainersLoggerFactory()
    {
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddBrookProducer<string, string>(o => o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1", ClientId = "di" });
        await using var provider = services.BuildServiceProvider();

        var producer = provider.GetRequiredService<KafkaProducer<string, string>>();

        Assert.Same(producer, provider.GetRequiredService<KafkaProducer<string, string>>());
        Assert.Same(logs, producer.Options.LoggerFactory);
        Assert.Equal("di", producer.Options.ClientId);
        Assert.Contains("Producer 'di' created", Assert.Single(logs.WithEvent(LogEvents.Created)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddBrookProducer_DisposingTheContainerDisposesTheProducer()
    {
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddBrookProducer<string, string>(o => o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1", LoggerFactory = logs });
        var provider = services.BuildServiceProvider();
        var producer = provider.GetRequiredService<KafkaProducer<string, string>>();

        await provider.DisposeAsync();

        Assert.Single(logs.WithEvent(LogEvents.Closed));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await producer.ProduceAsync("t", new Message<string, string> { Value = "v" }, Ct));
    }

    [Fact]
    public async Task AddBrookProducer_OwnLoggerFactoryAndSerializerWin_AndConfigureCallsCombine()
    {
        var own = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new CapturingLoggerFactory());
        services.AddBrookProducer<string, int>(o => o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1", LoggerFactory = own });
        services.AddBrookProducer<string, int>(o => o.Producer = o.Producer with { LingerMs = 17 });
        await using var provider = services.BuildServiceProvider();

        var producer = provider.GetRequiredService<KafkaProducer<string, int>>();

        Assert.Same(own, producer.Options.LoggerFactory);
        Assert.Equal(17, producer.Options.LingerMs);
    }

    [Fact]
    public async Task AddBrookProducer_ResilientProducer_WrapsTheSameProducerOrExplainsWhatIsMissing()
    {
        var services = new ServiceCollection();
        services.AddBrookProducer<string, string>(o =>
        {
            o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1" };
            o.Resilience = new ResilienceOptions { DeadLetter = new DeadLetterOptions { Topic = "t.dlq" } };
        });
        await using var provider = services.BuildServiceProvider();

        var resilient = provider.GetRequiredService<ResilientProducer<string, string>>();
        Assert.Same(provider.GetRequiredService<KafkaProducer<string, string>>(), resilient.Producer);

        var without = new ServiceCollection();
        without.AddBrookProducer<string, string>(o => o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1" });
        await using var plain = without.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => plain.GetRequiredService<ResilientProducer<string, string>>());
        Assert.Contains("BrookProducerOptions.Resilience", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBrookProducer_InvalidOptions_ThrowOnResolution()
    {
        var services = new ServiceCollection();
        services.AddBrookProducer<string, string>(o => o.Producer = new ProducerOptions { BootstrapServers = "127.0.0.1:1", LingerMs = -1 });
        using var provider = services.BuildServiceProvider();

        Assert.Throws<ProducerConfigurationException>(() => provider.GetRequiredService<KafkaProducer<string, string>>());
    }
}
