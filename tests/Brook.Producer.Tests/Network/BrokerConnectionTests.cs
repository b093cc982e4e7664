using System.Net;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Network;

public sealed partial class BrokerConnectionTests
{
    [Fact]
    public async Task ConnectAsync_SendsApiVersionsV4WithClientIdAndSoftware_AndNegotiatesMinOfBothMaxima()
    {
        await using var broker = new FakeBroker();
        broker.VersionOverrides[ApiKey.Metadata] = (0, 9);
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        Assert.Equal(ConnectionState.Ready, connection.State);
        var handshake = Assert.Single(broker.Received);
        Assert.Equal(ApiKey.ApiVersions, handshake.Key);
        Assert.Equal(4, handshake.Version);
        Assert.Equal("test-client", handshake.ClientId);
        var body = Assert.IsType<ApiVersionsRequest>(handshake.Body);
        Assert.Equal("brook", body.ClientSoftwareName);
        Assert.Equal("1.0.0", body.ClientSoftwareVersion);
        Assert.Equal(9, connection.Versions.GetVersion(ApiKey.Metadata, connection.Node));
        Assert.Equal(11, connection.Versions.GetVersion(ApiKey.Produce, connection.Node));
    }

    [Fact]
    public async Task ConnectAsync_WhenBrokerRejectsV4_RetriesAtBrokersApiVersionsMax()
    {
        await using var broker = new FakeBroker { ApiVersionsMax = 2 };
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.Equal([4, 2], broker.Received.Select(r => (int)r.Version));
        Assert.Equal(2, connection.Versions.GetVersion(ApiKey.ApiVersions, connection.Node));
    }

    [Fact]
    public async Task ConnectAsync_WhenFallbackListsNoApiVersionsEntry_RetriesAtV0()
    {
        await using var broker = new FakeBroker();
        broker.Handler = request =>
        {
            if (request.Version > 0)
            {
                var rejection = new ApiVersionsResponse { ErrorCode = (short)ErrorCode.UnsupportedVersion };
                return Task.FromResult<byte[]?>(FakeBroker.Frame(request.CorrelationId, ApiKey.ApiVersions, 0, rejection));
            }

            return Task.FromResult(broker.DefaultReply(request));
        };

        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        Assert.Equal([4, 0], broker.Received.Select(r => (int)r.Version));
    }

    [Fact]
    public async Task SendAsync_PipelinesRequests_AndCompletesThemInOrder()
    {
        await using var broker = new FakeBroker();
        var release = new TaskCompletionSource();
        broker.Handler = async request =>
        {
            if (request.Key == ApiKey.Produce && request.CorrelationId == 1)
            {
                await release.Task; // hold the first produce until all three are on the wire
            }

            return broker.DefaultReply(request);
        };
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        var first = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        var second = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        var third = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        Assert.Equal(3, connection.InFlightCount);
        Assert.False(first.IsCompleted);
        release.SetResult();

        var responses = await Task.WhenAll(first, second, third).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.All(responses, r => Assert.IsType<ProduceResponse>(r));
        Assert.Equal([0, 1, 2, 3], broker.Received.Select(r => r.CorrelationId));
        Assert.Equal(0, connection.InFlightCount);
    }

    [Fact]
    public async Task CanSendMore_AtMaxInFlight_IsFalse()
    {
        await using var broker = new FakeBroker();
        var release = new TaskCompletionSource();
        broker.Handler = async request =>
        {
            if (request.Key == ApiKey.Produce)
            {
                await release.Task;
            }

            return broker.DefaultReply(request);
        };
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings() with { MaxInFlightRequestsPerConnection = 2 });

        var a = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        Assert.True(connection.CanSendMore);
        var b = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        Assert.False(connection.CanSendMore);
        release.SetResult();
        await Task.WhenAll(a, b).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.True(connection.CanSendMore);
    }

    [Fact]
    public async Task SendAsync_WhenCorrelationIdDoesNotMatch_ClosesAndFailsEveryRequestInFlight()
    {
        await using var broker = new FakeBroker();
        var release = new TaskCompletionSource();
        broker.Handler = async request =>
        {
            if (request.Key != ApiKey.Produce)
            {
                return broker.DefaultReply(request);
            }

            await release.Task;
            return FakeBroker.Frame(request.CorrelationId + 1, ApiKey.Produce, request.Version, new ProduceResponse());
        };
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());
        var closedWith = new TaskCompletionSource<KafkaException>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += (_, e) => closedWith.TrySetResult(e);

        var first = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        var second = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        release.SetResult();

        var error1 = await Assert.ThrowsAsync<KafkaException>(() => first.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        var error2 = await Assert.ThrowsAsync<KafkaException>(() => second.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.NetworkException, error1.ErrorCode);
        Assert.True(error1.IsRetriable);
        Assert.Contains("correlation id 2", error1.Message, StringComparison.Ordinal);
        Assert.Same(error1, error2);
        Assert.Equal(ConnectionState.Closed, connection.State);

        // Close fails the requests first and raises Closed after: their awaiters may run before the event.
        Assert.Same(error1, await closedWith.Task.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendAsync_WhenNoResponseWithinRequestTimeout_ClosesAndFailsAllWithRetriableTimeout()
    {
        await using var broker = new FakeBroker();
        var never = new TaskCompletionSource<byte[]?>();
        broker.Handler = request => request.Key == ApiKey.Produce ? never.Task : Task.FromResult(broker.DefaultReply(request));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings(time) with { RequestTimeoutMs = 30_000 });

        var first = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10_000));
        var second = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(19_999));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<KafkaTimeoutException>(() => first.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<KafkaTimeoutException>(() => second.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        Assert.True(error.IsRetriable);
        Assert.Contains("request.timeout.ms=30000", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, connection.State);
        never.SetResult(null);
    }

    [Fact]
    public async Task Connection_IdleForConnectionsMaxIdle_Closes()
    {
        await using var broker = new FakeBroker();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings(time) with { ConnectionsMaxIdleMs = 60_000 });
        _ = await connection.SendAsync(TestNet.Produce(-1)).Bounded();

        time.Advance(TimeSpan.FromMilliseconds(59_999));
        Assert.Equal(ConnectionState.Ready, connection.State);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Contains("connections.max.idle.ms", connection.CloseReason!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AcksZero_CompletesOnWriteWithNull_AndLaterResponsesStillMatch()
    {
        await using var broker = new FakeBroker();
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        var fireAndForget = await connection.SendAsync(TestNet.Produce(0)).Bounded();
        var acknowledged = await connection.SendAsync(TestNet.Produce(1)).Bounded();

        Assert.Null(fireAndForget);
        Assert.IsType<ProduceResponse>(acknowledged);
        Assert.Equal(ConnectionState.Ready, connection.State);
    }

    [Fact]
    public async Task SendAsync_WhenBrokerAnswersAcksZeroAnyway_DropsThatFrameAndKeepsTheOrder()
    {
        await using var broker = new FakeBroker();
        broker.Handler = request => Task.FromResult<byte[]?>(request.Key == ApiKey.Produce
            ? FakeBroker.Frame(request.CorrelationId, ApiKey.Produce, request.Version, new ProduceResponse())
            : broker.DefaultReply(request));
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        Assert.Null(await connection.SendAsync(TestNet.Produce(0)).Bounded());
        Assert.IsType<ProduceResponse>(await connection.SendAsync(TestNet.Produce(1)).Bounded());

        Assert.Equal(ConnectionState.Ready, connection.State);
    }

    [Fact]
    public async Task SendAsync_WhenBrokerAnswersMoreAcksZeroRequestsThanRememberedLate_DropsThemAndKeepsTheOrder()
    {
        // librdkafka's mock answers acks=0 requests, in order but possibly long after they were sent: here 200 answers
        // arrive together, after the 200th request, so most ids have left the remembered window.
        const int Burst = 200;
        await using var broker = new FakeBroker();
        var held = new List<byte>();
        var seen = 0;
        broker.Handler = request =>
        {
            if (request.Key != ApiKey.Produce || ((ProduceRequest)request.Body!).Acks != 0)
            {
                return Task.FromResult(broker.DefaultReply(request));
            }

            held.AddRange(FakeBroker.Frame(request.CorrelationId, ApiKey.Produce, request.Version, new ProduceResponse()));
            return Task.FromResult<byte[]?>(++seen == Burst ? [.. held] : null);
        };
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        for (var i = 0; i < Burst; i++)
        {
            Assert.Null(await connection.SendAsync(TestNet.Produce(0)).Bounded());
        }

        Assert.IsType<ProduceResponse>(await connection.SendAsync(TestNet.Produce(1)).Bounded());
        Assert.Equal(ConnectionState.Ready, connection.State);
    }

    [Fact]
    public async Task DisposeAsync_WhenNothingAwaitsAnAnswer_HalfClosesAndWaitsForTheBrokerToReadEverything()
    {
        // A broker that answers acks=0 (librdkafka's mock): closing with its answers unread would send RST, and the
        // broker could drop requests it had not read. Disposal sends FIN and lets the broker close first.
        const int Requests = 50;
        await using var broker = new FakeBroker();
        broker.Handler = request => Task.FromResult(request.Key == ApiKey.Produce
            ? FakeBroker.Frame(request.CorrelationId, ApiKey.Produce, request.Version, new ProduceResponse())
            : broker.DefaultReply(request));
        var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());
        for (var i = 0; i < Requests; i++)
        {
            Assert.Null(await connection.SendAsync(TestNet.Produce(0)).Bounded());
        }

        await connection.DisposeAsync().AsTask().WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Contains("after the broker read every request", connection.CloseReason!.Message, StringComparison.Ordinal);
        Assert.Equal(Requests, broker.Received.Count(r => r.Key == ApiKey.Produce));
    }

    [Fact]
    public async Task DisposeAsync_WhenARequestAwaitsAnAnswer_ClosesAtOnceAndFailsIt()
    {
        await using var broker = new FakeBroker();
        var never = new TaskCompletionSource<byte[]?>();
        broker.Handler = request => request.Key == ApiKey.Produce ? never.Task : Task.FromResult(broker.DefaultReply(request));
        var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());
        var pending = connection.SendAsync(TestNet.Produce(-1)).AsTask();

        await connection.DisposeAsync().AsTask().WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<KafkaException>(() => pending.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        Assert.Contains("the client closed the connection", error.Message, StringComparison.Ordinal);
        never.SetResult(null);
    }

    [Fact]
    public async Task SendAsync_WhenBrokerLacksProduceV3_ThrowsFatalUnsupportedVersionNamingBothRanges()
    {
        await using var broker = new FakeBroker();
        broker.VersionOverrides[ApiKey.Produce] = (0, 2);
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());

        var error = Assert.Throws<FatalException>(() => connection.SendAsync(TestNet.Produce(-1)));

        Assert.Equal(ErrorCode.UnsupportedVersion, error.ErrorCode);
        Assert.Contains("versions 0-2", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 3-11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_WhenBrokerDrops_FailsInFlightAndRaisesClosed()
    {
        await using var broker = new FakeBroker();
        var never = new TaskCompletionSource<byte[]?>();
        broker.Handler = request => request.Key == ApiKey.Produce ? never.Task : Task.FromResult(broker.DefaultReply(request));
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());
        var closed = new TaskCompletionSource<KafkaException>();
        connection.Closed += (_, e) => closed.TrySetResult(e);
        var pending = connection.SendAsync(TestNet.Produce(-1)).AsTask();
        await TestNet.Until(() => broker.Received.Count == 2);

        broker.DropConnections();

        var error = await Assert.ThrowsAsync<KafkaException>(() => pending.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.NetworkException, error.ErrorCode);
        Assert.Same(error, await closed.Task.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        var refused = await Assert.ThrowsAsync<RequestNotSentException>(async () => await connection.SendAsync(TestNet.Produce(-1)));
        Assert.Same(error, refused.InnerException); // refused before queuing, naming why the connection closed
        never.SetResult(null);
    }

    [Fact]
    public async Task ConnectAsync_WhenHandshakeHangs_FailsAfterTheSetupTimeoutOnTheInjectedClock()
    {
        await using var broker = new FakeBroker();
        var never = new TaskCompletionSource<byte[]?>();
        broker.Handler = _ => never.Task;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var connecting = BrokerConnection.ConnectAsync(new BrokerNode(1, "127.0.0.1", broker.Port), TestNet.Settings(time), 2_000, TestContext.Current.CancellationToken);
        await TestNet.Until(() => !broker.Received.IsEmpty);

        time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(connecting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<KafkaException>(() => connecting.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.NetworkException, error.ErrorCode);
        Assert.Contains("socket.connection.setup.timeout.ms (2000 ms)", error.Message, StringComparison.Ordinal);
        never.SetResult(null);
    }

    [Fact]
    public async Task ConnectAsync_TriesEveryResolvedAddressInTurn()
    {
        await using var broker = new FakeBroker();
        string? asked = null;
        var settings = TestNet.Settings() with
        {
            // 127.0.0.2 is loopback but nothing listens there on this port: refused, then 127.0.0.1 accepts.
            Resolver = (host, _) =>
            {
                asked = host;
                return Task.FromResult(new[] { IPAddress.Parse("127.0.0.2"), IPAddress.Loopback });
            },
        };

        await using var connection = await BrokerConnection.ConnectAsync(new BrokerNode(1, "broker.test", broker.Port), settings, 10_000, TestContext.Current.CancellationToken).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.Equal("broker.test", asked);
        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.Equal(1, broker.ConnectionCount);
    }

    [Fact]
    public async Task ConnectAsync_WhenNoAddressAccepts_ThrowsRetriableNamingTheAddresses()
    {
        var port = TestNet.RefusedPort;
        var settings = TestNet.Settings() with
        {
            Resolver = (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.2"), IPAddress.Loopback }),
        };

        var error = await Assert.ThrowsAsync<KafkaException>(() => BrokerConnection.ConnectAsync(new BrokerNode(1, "gone.test", port), settings, 10_000, TestContext.Current.CancellationToken).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.NetworkException, error.ErrorCode);
        Assert.Contains("127.0.0.2, 127.0.0.1", error.Message, StringComparison.Ordinal);
    }
}
