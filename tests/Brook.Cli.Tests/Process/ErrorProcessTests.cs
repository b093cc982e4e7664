using System.Net;
using System.Net.Sockets;

namespace Brook.Cli.Tests.Process;

/// <summary>Error cases as processes: one clear stderr line, the documented exit code, no stack trace.</summary>
[Collection(BrookProcessCollection.Name)]
public sealed class ErrorProcessTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string OneErrorLine(string stderr)
    {
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("brook: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Brook.", line, StringComparison.Ordinal);
        return line;
    }

    [Fact(Timeout = 120_000)]
    public async Task BadFlag_ExitsTwoNamingTheFlag()
    {
        var run = await BrookProcess.RunAsync(["perf", "--num-recs", "10"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("num-recs", OneErrorLine(run.Err), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact(Timeout = 120_000)]
    public async Task UnknownProducerProperty_ExitsTwoNamingTheNearestKey()
    {
        var run = await BrookProcess.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--producer-props", "lingr.ms=5"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Did you mean 'linger.ms'?", OneErrorLine(run.Err), StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("perf", "--num-records", "10")]
    [InlineData("produce", "--topic", "t")]
    [InlineData("consume", "--topic", "t")]
    [InlineData("verify", "--topic", "t", "--expect", "1")]
    public async Task UnreachableBootstrap_ExitsOneWithOneClearLine(params string[] args)
    {
        var bootstrap = $"127.0.0.1:{ClosedPort()}";

        var run = await BrookProcess.RunAsync([.. args, "--bootstrap", bootstrap], "x\n");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"brook: error: cannot reach any broker of --bootstrap {bootstrap}", OneErrorLine(run.Err), StringComparison.Ordinal);
    }
}
