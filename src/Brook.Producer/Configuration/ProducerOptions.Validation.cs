using System.Globalization;
using Brook.Producer.Configuration;

namespace Brook.Producer;

public sealed partial record ProducerOptions
{
    /// <summary>
    /// Checks every value and the rules between them, and returns the effective options:
    /// <see cref="EnableIdempotence"/> and <see cref="DeliveryTimeoutMs"/> resolved to concrete values.
    /// </summary>
    /// <exception cref="ProducerConfigurationException">
    /// A value out of range; <c>bootstrap.servers</c> missing or malformed; an explicit <c>delivery.timeout.ms</c>
    /// below <c>linger.ms + request.timeout.ms</c>; idempotence or a transactional id explicitly requested together
    /// with <c>acks</c> other than all, <c>retries=0</c> or more than 5 requests in flight.
    /// </exception>
    public ProducerOptions Validate()
    {
        ValidateServices();
        ValidateBootstrapServers(BootstrapServers);
        foreach (var key in ConfigKeys.All.Values)
        {
            if (key.GetNumber is { } get && !key.InRange(get(this)))
            {
                var value = get(this).ToString(CultureInfo.InvariantCulture);
                throw new ProducerConfigurationException(key.Name, $"Invalid value '{value}' for configuration '{key.Name}': allowed is {key.Allowed}.");
            }
        }

        if (EnableMetricsPush)
        {
            throw new ProducerConfigurationException(
                "enable.metrics.push",
                "enable.metrics.push=true is not supported: Brook does not push client metrics (KIP-714). Remove it or set it to false; export metrics through ProducerOptions.MeterFactory.");
        }

        if (TransactionalId is { Length: 0 })
        {
            throw new ProducerConfigurationException("transactional.id", "transactional.id must not be empty: leave it null for a non-transactional producer.");
        }

        if (TransactionTimeoutMs <= 0)
        {
            throw new ProducerConfigurationException(
                "transaction.timeout.ms",
                $"transaction.timeout.ms must be positive, got {TransactionTimeoutMs}: it is how long the coordinator keeps a transaction open before aborting it (default 60000; at most the broker's transaction.max.timeout.ms).");
        }

        return this with
        {
            EnableIdempotence = ResolveIdempotence(),
            DeliveryTimeoutMs = ResolveDeliveryTimeout(),
        };
    }

    private void ValidateServices()
    {
        if (TimeProvider is null)
        {
            throw new ProducerConfigurationException("TimeProvider must not be null; use TimeProvider.System.");
        }

        if (LoggerFactory is null)
        {
            throw new ProducerConfigurationException("LoggerFactory must not be null; use NullLoggerFactory.Instance.");
        }
    }

    private static void ValidateBootstrapServers(string servers)
    {
        const string Key = "bootstrap.servers";
        if (string.IsNullOrWhiteSpace(servers))
        {
            throw new ProducerConfigurationException(Key, "bootstrap.servers is required: set it to a comma-separated host:port list, e.g. 'localhost:9092'.");
        }

        foreach (var raw in servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = raw.LastIndexOf(':');
            var host = colon > 0 ? raw[..colon] : string.Empty;
            var portText = colon > 0 ? raw[(colon + 1)..] : string.Empty;
            if (host.Length == 0
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw new ProducerConfigurationException(
                    Key,
                    $"Invalid entry '{raw}' in bootstrap.servers: each entry must be host:port with a port in 1..65535 (IPv6 as [::1]:9092).");
            }
        }
    }

    private bool ResolveIdempotence()
    {
        var conflict = IdempotenceConflict();
        if (EnableIdempotence == false)
        {
            if (TransactionalId is not null)
            {
                throw new ProducerConfigurationException(
                    "enable.idempotence",
                    "transactional.id requires idempotence, but enable.idempotence=false. Remove enable.idempotence or set it to true.");
            }

            return false;
        }

        if (conflict is null)
        {
            return true;
        }

        if (EnableIdempotence == true || TransactionalId is not null)
        {
            var why = EnableIdempotence == true ? "enable.idempotence=true" : "transactional.id (which implies idempotence)";
            throw new ProducerConfigurationException(conflict.Value.Key, $"{why} requires {conflict.Value.Message}.");
        }

        // Idempotence not requested explicitly and the other settings conflict: Java turns it off silently.
        return false;
    }

    private (string Key, string Message)? IdempotenceConflict()
    {
        if (Acks != Acks.All)
        {
            var acks = Acks == Acks.None ? "0" : "1";
            return ("acks", $"acks=all, but acks={acks}. Set acks=all or enable.idempotence=false");
        }

        if (Retries == 0)
        {
            return ("retries", "retries > 0, but retries=0. Remove retries or set enable.idempotence=false");
        }

        if (MaxInFlightRequestsPerConnection > 5)
        {
            var inFlight = MaxInFlightRequestsPerConnection.ToString(CultureInfo.InvariantCulture);
            return ("max.in.flight.requests.per.connection", $"max.in.flight.requests.per.connection <= 5, but it is {inFlight}. Lower it or set enable.idempotence=false");
        }

        return null;
    }

    private int ResolveDeliveryTimeout()
    {
        var minimum = (long)LingerMs + RequestTimeoutMs;
        if (DeliveryTimeoutMs is { } explicitValue)
        {
            if (explicitValue < minimum)
            {
                throw new ProducerConfigurationException(
                    "delivery.timeout.ms",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"delivery.timeout.ms={explicitValue} must be >= linger.ms + request.timeout.ms = {LingerMs} + {RequestTimeoutMs} = {minimum}. Raise delivery.timeout.ms or lower linger.ms/request.timeout.ms."));
            }

            return explicitValue;
        }

        // The default is silently raised to the minimum, as Java does.
        return (int)Math.Min(int.MaxValue, Math.Max(DefaultDeliveryTimeoutMs, minimum));
    }
}
