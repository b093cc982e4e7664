using System.Diagnostics.Metrics;
using Brook.Producer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Brook producers in a service collection.</summary>
public static class BrookServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="KafkaProducer{TKey, TValue}"/> built from
    /// <see cref="BrookProducerOptions{TKey, TValue}"/> (configured by <paramref name="configure"/> and any other
    /// <c>Configure</c> calls) on first use, with the container's <c>ILoggerFactory</c>, <c>IMeterFactory</c> and
    /// <c>TimeProvider</c> unless the options set their own; and a singleton <see cref="ResilientProducer{TKey, TValue}"/>
    /// over the same producer when <see cref="BrookProducerOptions{TKey, TValue}.Resilience"/> is set. The container
    /// disposes the producer (flushing up to delivery.timeout.ms): dispose the provider with <c>DisposeAsync</c>.
    /// A second call for the same key/value types adds configuration, not a second producer.
    /// </summary>
    /// <exception cref="ProducerConfigurationException">On first resolution: the producer options are inconsistent.</exception>
    public static IServiceCollection AddBrookProducer<TKey, TValue>(this IServiceCollection services, Action<BrookProducerOptions<TKey, TValue>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BrookProducerOptions<TKey, TValue>>().Configure(configure);
        services.TryAddSingleton(static provider => CreateProducer<TKey, TValue>(provider));
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<BrookProducerOptions<TKey, TValue>>>().Value;
            var resilience = options.Resilience ?? throw new InvalidOperationException(
                $"ResilientProducer<{typeof(TKey).Name}, {typeof(TValue).Name}> needs BrookProducerOptions.Resilience: set it in AddBrookProducer's configure callback (circuit breaker and/or dead-letter topic).");
            return new ResilientProducer<TKey, TValue>(provider.GetRequiredService<KafkaProducer<TKey, TValue>>(), resilience, ownsProducer: false);
        });
        return services;
    }

    private static KafkaProducer<TKey, TValue> CreateProducer<TKey, TValue>(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<BrookProducerOptions<TKey, TValue>>>().Value;
        var producerOptions = options.Producer ?? throw new InvalidOperationException("BrookProducerOptions.Producer is null; set it to a ProducerOptions with at least BootstrapServers.");
        if (ReferenceEquals(producerOptions.LoggerFactory, NullLoggerFactory.Instance) && provider.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            producerOptions = producerOptions with { LoggerFactory = loggerFactory };
        }

        if (producerOptions.MeterFactory is null && provider.GetService<IMeterFactory>() is { } meterFactory)
        {
            producerOptions = producerOptions with { MeterFactory = meterFactory };
        }

        if (ReferenceEquals(producerOptions.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } time)
        {
            producerOptions = producerOptions with { TimeProvider = time };
        }

        var builder = new ProducerBuilder<TKey, TValue>(producerOptions);
        if (options.KeySerializer is { } key)
        {
            builder.SetKeySerializer(key);
        }

        if (options.ValueSerializer is { } value)
        {
            builder.SetValueSerializer(value);
        }

        return builder.Build();
    }
}
