using System.Net;
using Brook.Producer.Internals;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Network;

public sealed partial class NetworkClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetConnectionAsync_ForBootstrapNode_ConnectsOnceAndReusesIt()
    {
        await using var broker = new FakeBroker();
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));

        var first = await client.GetConnectionAsync(-1, Ct).Bounded();
        var second = await client.GetConnectionAsync(-1, Ct).Bounded();

        Assert.Same(first, second);
        Assert.True(client.IsReady(-1));
        Assert.Equal(1, broker.ConnectionCount);
    }

    [Fact]
    public async Task IsReady_ForUnconnectedNode_StartsConnectingInTheBackground()
    {
        await using var broker = new FakeBroker();
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));

        Assert.False(client.IsReady(-1));

        await TestNet.Until(() => client.IsReady(-1));
        Assert.Equal(1, broker.ConnectionCount);
    }

    [Fact]
    public async Task FailedConnect_RaisesDisconnected_AndBacksOffOnTheInjectedClock()
    {
        var (client, time, attempts) = await DeadBrokerClientAsync();
        await using var disposing = client;
        var disconnected = new TaskCompletionSource<(int, KafkaException)>();
        client.Disconnected += (id, e) => disconnected.TrySetResult((id, e));

        await Assert.ThrowsAsync<KafkaException>(async () => await client.GetConnectionAsync(-1, Ct).AsTask().WaitAsync(TestNet.Bound, Ct));
        var (nodeId, error) = await disconnected.Task.WaitAsync(TestNet.Bound, Ct);

        Assert.Equal(-1, nodeId);
        Assert.Equal(ErrorCode.NetworkException, error.ErrorCode);
        Assert.InRange(client.ConnectionDelayMs(-1), 80, 120);
        Assert.Null(client.LeastLoadedNode());
        Assert.False(client.IsReady(-1));
        Assert.Equal(1, Volatile.Read(ref attempts[0]));

        time.Advance(TimeSpan.FromMilliseconds(120));
        Assert.Equal(-1, client.LeastLoadedNode());
        Assert.False(client.IsReady(-1));
        await TestNet.Until(() => Volatile.Read(ref attempts[0]) == 2);
    }

    [Fact]
    public async Task LeastLoadedNode_PrefersTheReadyConnectionWithFewestInFlight()
    {
        await using var busy = new FakeBroker(1);
        await using var idle = new FakeBroker(2);
        var never = new TaskCompletionSource<byte[]?>();
        busy.Handler = r => r.Key == ApiKey.Produce ? never.Task : Task.FromResult(busy.DefaultReply(r));
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(busy.Bootstrap), new RandomSource(1));
        client.UpdateNodes([new BrokerNode(1, "127.0.0.1", busy.Port), new BrokerNode(2, "127.0.0.1", idle.Port)]);
        await client.GetConnectionAsync(1, Ct).Bounded();
        await client.GetConnectionAsync(2, Ct).Bounded();
        var pending = client.SendAsync(1, TestNet.Produce(-1));

        Assert.Equal(2, client.LeastLoadedNode());
        Assert.Equal([1, 2], client.NodeIds.Order());
        Assert.False(client.UsingBootstrap);
        never.SetResult(null);
        _ = pending;
    }

    [Fact]
    public async Task SendAsync_ToNodeWithoutConnection_FailsRetriably()
    {
        await using var broker = new FakeBroker();
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));

        var error = await Assert.ThrowsAsync<RequestNotSentException>(async () => await client.SendAsync(-1, TestNet.Produce(-1)));

        Assert.True(error.IsRetriable);
    }

    [Fact]
    public async Task BrokerDrop_RaisesDisconnectedForTheNode_AndNextGetReconnects()
    {
        await using var broker = new FakeBroker();
        await using var client = new NetworkClient(TestNet.Settings(TimeProvider.System), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        await client.GetConnectionAsync(-1, Ct).Bounded();
        var disconnected = new TaskCompletionSource<int>();
        client.Disconnected += (id, _) => disconnected.TrySetResult(id);

        broker.DropConnections();

        Assert.Equal(-1, await disconnected.Task.WaitAsync(TestNet.Bound, Ct));
        Assert.Null(client.GetReadyConnection(-1));
        var again = await client.GetConnectionAsync(-1, Ct).Bounded();
        Assert.Equal(ConnectionState.Ready, again.State);
        Assert.Equal(2, broker.ConnectionCount);
    }

    // Issue 4 (mock stall): closing the dropped bootstrap connection used to raise Disconnected, so every producer asked
    // for a second Metadata request right after its first answer; that request took the leader connection's only
    // in-flight slot ahead of the first Produce.
    [Fact]
    public async Task UpdateNodes_DroppingTheBootstrapNode_ClosesItsConnectionWithoutRaisingDisconnected()
    {
        await using var broker = new FakeBroker();
        await using var client = new NetworkClient(TestNet.Settings(TimeProvider.System), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var bootstrap = await client.GetConnectionAsync(-1, Ct).Bounded();
        var disconnected = 0;
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnected);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bootstrap.Closed += (_, _) => closed.TrySetResult(); // runs after the client's own handler

        client.UpdateNodes([new BrokerNode(1, "127.0.0.1", broker.Port)]);
        await closed.Task.WaitAsync(TestNet.Bound, Ct);

        Assert.Equal(ConnectionState.Closed, bootstrap.State);
        Assert.Equal(0, Volatile.Read(ref disconnected));
        Assert.Equal([1], client.NodeIds);
    }

    [Fact]
    public async Task UpdateNodes_BrokerMoved_ClosesTheOldConnectionWithoutRaisingDisconnected()
    {
        await using var before = new FakeBroker(1);
        await using var after = new FakeBroker(1);
        await using var client = new NetworkClient(TestNet.Settings(TimeProvider.System), BrokerNode.ParseBootstrap(before.Bootstrap), new RandomSource(1));
        client.UpdateNodes([new BrokerNode(1, "127.0.0.1", before.Port)]);
        var old = await client.GetConnectionAsync(1, Ct).Bounded();
        var disconnected = 0;
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnected);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.Closed += (_, _) => closed.TrySetResult();

        client.UpdateNodes([new BrokerNode(1, "127.0.0.1", after.Port)]);
        await closed.Task.WaitAsync(TestNet.Bound, Ct);
        var moved = await client.GetConnectionAsync(1, Ct).Bounded();

        Assert.Equal(0, Volatile.Read(ref disconnected));
        Assert.Equal(after.Port, moved.Node.Port);
        Assert.Equal(1, after.ConnectionCount);
    }
}
