using System.Diagnostics;

namespace Brook.Cli.Tests;

/// <summary>Runs the built brook as a process: real stdio, exit codes and signals.</summary>
public sealed class ProgramTests
{
    private static System.Diagnostics.Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "brook.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(info)!;
    }

    [Fact]
    public async Task BadFlag_ExitsTwoWithOneErrorLine()
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = Start("perf", "--producer-props", "acks=all", "lingr.ms=5");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);

        Assert.Equal(ExitCodes.Usage, process.ExitCode);
        Assert.Equal(string.Empty, await stdout);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("brook: error: Unknown producer configuration key 'lingr.ms'. Did you mean 'linger.ms'?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_SurvivesStdinEof_AndStopsGracefullyOnSigterm()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is POSIX");
        var ct = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        using var process = Start("cluster", "--brokers", "1", "--replication-factor", "1", "--min-insync-replicas", "1");
        try
        {
            var bootstrap = await process.StandardOutput.ReadLineAsync(limit.Token);
            Assert.Matches(@"^127\.0\.0\.1:\d+$", bootstrap);
            await process.StandardInput.WriteLineAsync("create t 1 1".AsMemory(), limit.Token);
            await process.StandardInput.FlushAsync(limit.Token);
            Assert.Equal("ok created t partitions=1 rf=1", await process.StandardOutput.ReadLineAsync(limit.Token));
            process.StandardInput.Close();

            // after EOF the cluster keeps running: wait for its stderr note, then check the port still accepts
            string? log;
            do
            {
                log = await process.StandardError.ReadLineAsync(limit.Token);
            }
            while (log is not null && !log.Contains("stdin closed", StringComparison.Ordinal));

            Assert.NotNull(log);
            using (var client = new System.Net.Sockets.TcpClient())
            {
                await client.ConnectAsync("127.0.0.1", int.Parse(bootstrap![10..], System.Globalization.CultureInfo.InvariantCulture), limit.Token);
            }

            Assert.False(process.HasExited);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(limit.Token);
                Assert.Equal(0, kill.ExitCode);
            }

            await process.WaitForExitAsync(limit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
