using System.Net;
using System.Net.Sockets;
using Brook.Producer.Network;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Network;

/// <summary>Shared helpers: settings on a fake clock and a real-time bound on every network wait.</summary>
internal static class TestNet
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    // Bound for the whole run and never listening: connections to it are refused at once, and unlike a port freed after
    // use, no listener started by another test can take it.
    private static readonly Socket Refusing = BindWithoutListening();

    /// <summary>A loopback port where every connect is refused.</summary>
    public static int RefusedPort => ((IPEndPoint)Refusing.LocalEndPoint!).Port;

    public static NetworkSettings Settings(TimeProvider? time = null) => new()
    {
        ClientId = "test-client",
        TimeProvider = time ?? new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1)),
        SoftwareVersion = "1.0.0",
    };

    public static Task<BrokerConnection> ConnectAsync(FakeBroker broker, NetworkSettings settings) =>
        BrokerConnection.ConnectAsync(new BrokerNode(broker.NodeId, "127.0.0.1", broker.Port), settings, 10_000).WaitAsync(Bound);

    public static Task<T> Bounded<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Bound);

    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Bound);

    /// <summary>Polls (real time, bounded) until <paramref name="condition"/> holds; for effects of other threads.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > Bound)
            {
                throw new TimeoutException("condition not met within the test bound");
            }

            await Task.Delay(5);
        }
    }

    public static Brook.Protocol.Messages.ProduceRequest Produce(short acks, string topic = "t") => new()
    {
        Acks = acks,
        TimeoutMs = 1000,
        TopicData =
        [
            new Brook.Protocol.Messages.ProduceRequest.TopicProduceData
            {
                Name = topic,
                PartitionData = [new Brook.Protocol.Messages.ProduceRequest.PartitionProduceData { Index = 0, Records = null }],
            },
        ],
    };

    private static Socket BindWithoutListening()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
