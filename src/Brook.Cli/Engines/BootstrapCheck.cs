using System.Globalization;
using System.Net.Sockets;

namespace Brook.Cli.Engines;

/// <summary>
/// A quick TCP connect to the bootstrap brokers before a command starts its producer or reader: an unreachable cluster
/// then fails in seconds with one clear line, instead of each record waiting out max.block.ms (a minute by default).
/// Succeeds at the first broker that accepts a connection; the Kafka handshake is left to the real client.
/// </summary>
internal static class BootstrapCheck
{
    /// <summary>How long one connect may take, ms.</summary>
    public const int ConnectTimeoutMs = 5000;

    /// <summary>Returns when any broker of <paramref name="bootstrap"/> accepts a TCP connection.</summary>
    /// <exception cref="CliException">None does; the message lists each broker and why.</exception>
    public static async ValueTask CheckAsync(string bootstrap, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrap);
        ArgumentNullException.ThrowIfNull(time);
        var failures = new List<string>();
        foreach (var entry in bootstrap.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                failures.Add($"{entry} (not host:port)");
                continue;
            }

            var host = entry[..colon].Trim('[', ']');
            using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(ConnectTimeoutMs), time);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(host, port, bounded.Token).ConfigureAwait(false);
                return;
            }
            catch (SocketException ex)
            {
                failures.Add($"{entry} ({ex.Message})");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{entry} (no answer within {ConnectTimeoutMs} ms)");
            }
        }

        throw new CliException(
            $"cannot reach any broker of --bootstrap {bootstrap}: {string.Join("; ", failures)}. Start the cluster (e.g. 'brook cluster' prints its bootstrap list) or fix --bootstrap.");
    }
}
