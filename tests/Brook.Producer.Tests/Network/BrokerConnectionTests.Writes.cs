using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Network;

/// <summary>
/// The write path: the caller writes to the non-blocking socket itself and never blocks; what the kernel does not take
/// is written by the connection's writer thread once the broker reads again. Small socket buffers on both sides
/// (SO_SNDBUF / SO_RCVBUF, no autotuning) and a broker that stops reading make the backlog certain, not timing-dependent.
/// </summary>
public sealed partial class BrokerConnectionTests
{
    private const int SmallSocketBuffer = 8 * 1024;

    [Fact]
    public async Task SendAsync_WhenBrokerStopsReading_ReturnsAtOnce_AndEveryRequestArrivesIntactAndInOrderOnceItReads()
    {
        const int Requests = 24;
        const int PayloadBytes = 48 * 1024; // each request alone exceeds both socket buffers
        await using var broker = new FakeBroker(receiveBufferBytes: SmallSocketBuffer);
        var release = HoldFirstProduce(broker);
        await using var connection = await TestNet.ConnectAsync(broker, SmallBuffers());
        var sends = new List<Task<IApiResponse?>> { connection.SendAsync(Produce(1, 0, PayloadBytes)).AsTask() };
        await TestNet.Until(() => broker.Received.Any(r => r.Key == ApiKey.Produce)); // the broker holds it and reads no more

        // On another thread with a bound: a SendAsync that blocked on the full socket would hang here.
        var rest = await Task.Run(
            () =>
            {
                var started = new List<Task<IApiResponse?>>();
                for (var i = 1; i < Requests; i++)
                {
                    started.Add(connection.SendAsync(Produce(1, i, PayloadBytes)).AsTask());
                }

                return started;
            },
            TestContext.Current.CancellationToken).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);
        sends.AddRange(rest);

        Assert.True(connection.UnwrittenBytes > 0, "the kernel cannot hold 1 MiB in 8 KiB buffers: a tail must wait for the writer thread");
        Assert.Single(broker.Received, r => r.Key == ApiKey.Produce);
        Assert.DoesNotContain(sends, s => s.IsCompleted);
        release.SetResult();

        var responses = await Task.WhenAll(sends).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.All(responses, r => Assert.IsType<ProduceResponse>(r));
        var produced = broker.Received.Where(r => r.Key == ApiKey.Produce).ToList();
        Assert.Equal(Requests, produced.Count);
        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(i + 1, produced[i].CorrelationId);
            var records = ((ProduceRequest)produced[i].Body!).TopicData[0].PartitionData[0].Records!.Value;
            Assert.True(records.Span.SequenceEqual(Payload(i, PayloadBytes)), $"request {i} arrived altered");
        }

        Assert.Equal(0, connection.UnwrittenBytes);
        Assert.Equal(ConnectionState.Ready, connection.State);
    }

    [Fact]
    public async Task Close_WhileBytesAwaitTheWriter_FailsEveryRequestRetriable_AndBothIoThreadsEnd()
    {
        await using var broker = new FakeBroker(receiveBufferBytes: SmallSocketBuffer);
        var release = HoldFirstProduce(broker);
        var connection = await TestNet.ConnectAsync(broker, SmallBuffers());
        var sends = new List<Task<IApiResponse?>> { connection.SendAsync(Produce(1, 0, 1024)).AsTask() };
        await TestNet.Until(() => broker.Received.Any(r => r.Key == ApiKey.Produce));
        for (var i = 1; i < 16; i++)
        {
            sends.Add(connection.SendAsync(Produce((short)(i % 2), i, 32 * 1024)).AsTask()); // acks=1 and acks=0 mixed
        }

        Assert.True(connection.UnwrittenBytes > 0);

        await connection.DisposeAsync().AsTask().WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        foreach (var send in sends)
        {
            var error = await Assert.ThrowsAsync<KafkaException>(() => send.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
            Assert.True(error.IsRetriable);
            Assert.Equal(ErrorCode.NetworkException, error.ErrorCode);
        }

        await connection.IoThreadsEnded.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionState.Closed, connection.State);
        release.SetResult();
    }

    [Fact]
    public async Task SendAsync_AcksZeroWithAPendingWriteTail_CompletesEachOnceItsLastByteIsWritten_InOrder()
    {
        const int Requests = 200;
        await using var broker = new FakeBroker(receiveBufferBytes: SmallSocketBuffer);
        var release = HoldFirstProduce(broker);
        await using var connection = await TestNet.ConnectAsync(broker, SmallBuffers());
        var held = connection.SendAsync(Produce(1, 0, 16)).AsTask();
        await TestNet.Until(() => broker.Received.Any(r => r.Key == ApiKey.Produce));
        var sends = new Task<IApiResponse?>[Requests];
        for (var i = 0; i < Requests; i++)
        {
            sends[i] = connection.SendAsync(Produce(0, i, 2 * 1024)).AsTask();
        }

        // The first fitted the empty send buffer (written by this thread, completed inside SendAsync); the last did not.
        Assert.True(sends[0].IsCompleted);
        Assert.False(sends[^1].IsCompleted);
        Assert.True(connection.UnwrittenBytes > 0);

        // Completion follows the byte stream: once one is complete, every earlier one is (checked newest first).
        for (var i = Requests - 1; i > 0; i--)
        {
            if (sends[i].IsCompleted)
            {
                Assert.True(sends[i - 1].IsCompleted, $"acks=0 request {i} completed before request {i - 1}");
            }
        }

        release.SetResult();
        var results = await Task.WhenAll(sends).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        Assert.All(results, Assert.Null);
        Assert.IsType<ProduceResponse>(await held.WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken));
        await TestNet.Until(() => broker.Received.Count(r => r.Key == ApiKey.Produce) == Requests + 1);
        Assert.Equal(0, connection.UnwrittenBytes);
    }

    [Fact]
    public async Task SendAsync_WhenResponsesArriveOneByteAtATime_DecodesEveryResponseInOrder()
    {
        await using var broker = new FakeBroker();
        await using var connection = await TestNet.ConnectAsync(broker, TestNet.Settings());
        broker.ReplyChunkBytes = 1; // every response split at every byte

        var sends = new List<Task<IApiResponse?>>();
        for (var i = 0; i < 4; i++)
        {
            sends.Add(connection.SendAsync(Produce(1, i, 64)).AsTask());
        }

        sends.Add(connection.SendAsync(new MetadataRequest { Topics = [] }).AsTask());

        var responses = await Task.WhenAll(sends).WaitAsync(TestNet.Bound, TestContext.Current.CancellationToken);

        for (var i = 0; i < 4; i++)
        {
            var produce = Assert.IsType<ProduceResponse>(responses[i]);
            Assert.Equal("t", Assert.Single(produce.Responses).Name);
        }

        var metadata = Assert.IsType<MetadataResponse>(responses[4]);
        Assert.Equal(broker.Port, Assert.Single(metadata.Brokers).Port);
        Assert.Equal(ConnectionState.Ready, connection.State);
    }

    private static NetworkSettings SmallBuffers() =>
        TestNet.Settings() with { SendBufferBytes = SmallSocketBuffer, ReceiveBufferBytes = SmallSocketBuffer };

    /// <summary>The broker stops at the first Produce request (reading nothing more) until the returned source is set.</summary>
    private static TaskCompletionSource HoldFirstProduce(FakeBroker broker)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var produces = 0;
        broker.Handler = async request =>
        {
            if (request.Key == ApiKey.Produce && Interlocked.Increment(ref produces) == 1)
            {
                await release.Task;
            }

            return broker.DefaultReply(request);
        };
        return release;
    }

    private static ProduceRequest Produce(short acks, int index, int payloadBytes)
    {
        var request = TestNet.Produce(acks);
        request.TopicData[0].PartitionData[0].Records = Payload(index, payloadBytes);
        return request;
    }

    private static byte[] Payload(int index, int length)
    {
        var bytes = new byte[length];
        for (var j = 0; j < length; j++)
        {
            bytes[j] = (byte)((index * 131) + (j * 7) + (j >> 8));
        }

        return bytes;
    }
}
