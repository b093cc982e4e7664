using System.Net;
using Brook.Producer.Internals;
using Brook.Producer.Network;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Network;

/// <summary>
/// reconnect.backoff.ms grows exponentially over consecutive failed connects (KIP-580 jitter ±20%) and stops at
/// reconnect.backoff.max.ms, on the injected clock.
/// </summary>
public sealed partial class NetworkClientTests
{
    [Fact]
    public async Task FailedConnects_InARow_BackOffExponentiallyUpToReconnectBackoffMax()
    {
        await using var broker = new FakeBroker();
        var port = broker.Port;
        await broker.DisposeAsync(); // nothing listens there any more: every connect is refused at once
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var attempts = 0;
        var settings = TestNet.Settings(time) with
        {
            ReconnectBackoffMs = 100,
            ReconnectBackoffMaxMs = 1000,
            Resolver = (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                return Task.FromResult(new[] { IPAddress.Loopback });
            },
        };
        await using var client = new NetworkClient(settings, [new BrokerNode(-1, "dead.test", port)], new RandomSource(1));

        var delays = new List<long>();
        for (var failure = 1; failure <= 7; failure++)
        {
            await Assert.ThrowsAsync<Brook.Producer.KafkaException>(async () => await client.GetConnectionAsync(-1, Ct).AsTask().WaitAsync(TestNet.Bound, Ct));
            Assert.Equal(failure, Volatile.Read(ref attempts));
            var delay = client.ConnectionDelayMs(-1);
            delays.Add(delay);
            time.Advance(TimeSpan.FromMilliseconds(delay + 1));
        }

        // Failure n waits 100 × 2^(n-1) ms ±20% (Java's ExponentialBackoff): the exponent stops at log2(1000 / 100), so
        // from the fifth failure on the wait is 1000 ms ±20%, cut at 1000 — it grows no further.
        Assert.InRange(delays[0], 80, 120);
        Assert.InRange(delays[1], 160, 240);
        Assert.InRange(delays[2], 320, 480);
        Assert.InRange(delays[3], 640, 960);
        Assert.All(delays.Skip(4), d => Assert.InRange(d, 800, 1000));
    }
}
