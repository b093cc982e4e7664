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
        var (client, time, attempts) = await DeadBrokerClientAsync();
        await using var disposing = client;

        var delays = new List<long>();
        for (var failure = 1; failure <= 7; failure++)
        {
            await Assert.ThrowsAsync<Brook.Producer.KafkaException>(async () => await client.GetConnectionAsync(-1, Ct).AsTask().WaitAsync(TestNet.Bound, Ct));
            Assert.Equal(failure, Volatile.Read(ref attempts[0]));
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

    // A client whose only node is a port that refuses every connect at once (TestNet.RefusedPort), on a fake clock
    // with reconnect.backoff.ms 100 and reconnect.backoff.max.ms 1000; attempts[0] counts the resolutions (connect tries).
    private static Task<(NetworkClient Client, FakeTimeProvider Time, int[] Attempts)> DeadBrokerClientAsync()
    {
        var port = TestNet.RefusedPort;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var attempts = new int[1];
        var settings = TestNet.Settings(time) with
        {
            ReconnectBackoffMs = 100,
            ReconnectBackoffMaxMs = 1000,
            Resolver = (_, _) =>
            {
                Interlocked.Increment(ref attempts[0]);
                return Task.FromResult(new[] { IPAddress.Loopback });
            },
        };
        return Task.FromResult((new NetworkClient(settings, [new BrokerNode(-1, "dead.test", port)], new RandomSource(1)), time, attempts));
    }
}
