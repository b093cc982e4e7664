using System.Net;
using System.Net.Sockets;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests.Engines;

public sealed class BootstrapCheckTests
{
    // Bound but never listening, for the whole run: connections are refused, and no other test can take the port.
    private static readonly Socket Refusing = BindWithoutListening();

    private static int ClosedPort() => ((IPEndPoint)Refusing.LocalEndPoint!).Port;

    internal static Socket BindWithoutListening()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    [Fact]
    public async Task CheckAsync_OneBrokerListening_Returns()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await BootstrapCheck.CheckAsync($"127.0.0.1:{ClosedPort()},127.0.0.1:{port}", TimeProvider.System, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task CheckAsync_NothingListening_ThrowsOneLineNamingEachBrokerAndTheFix()
    {
        var bootstrap = $"127.0.0.1:{ClosedPort()}";

        var ex = await Assert.ThrowsAsync<CliException>(() => BootstrapCheck.CheckAsync(bootstrap, TimeProvider.System, TestContext.Current.CancellationToken).AsTask());

        Assert.Contains($"cannot reach any broker of --bootstrap {bootstrap}: {bootstrap} (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fix --bootstrap", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("produce", "--topic", "t")]
    [InlineData("consume", "--topic", "t")]
    [InlineData("verify", "--topic", "t", "--expect", "1")]
    [InlineData("perf", "--num-records", "1")]
    public async Task Commands_UnreachableBootstrap_FailWithTheCheckBeforeCreatingAnEngine(params string[] args)
    {
        var engines = new FakeEngines { Unreachable = "cannot reach any broker" };

        var run = await TestRun.RunAsync([.. args, "--bootstrap", "127.0.0.1:1"], engines);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("brook: error: cannot reach any broker", run.Error.ToString().Trim());
        Assert.Null(engines.ProducerOptions);
        Assert.Null(engines.ReaderOptions);
    }
}
