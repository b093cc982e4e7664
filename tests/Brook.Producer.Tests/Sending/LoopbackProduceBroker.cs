using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Brook.Producer.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Sending;

/// <summary>
/// A one-node broker on 127.0.0.1:0 for allocation tests of the real network path: one dedicated thread per connection
/// with blocking socket calls, answering ApiVersions (every range Brook supports), Metadata (one topic of one partition
/// led by this node) and Produce (success for partition 0 of that topic). Whatever its threads allocate is counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> and published before each answer is sent, so a test can subtract
/// the broker's share from a whole-process count: by the time the producer sees an answer, <see cref="AllocatedBytes"/>
/// covers everything the broker allocated to produce it.
/// </summary>
internal sealed class LoopbackProduceBroker : IDisposable
{
    private const int NodeId = 1;
    private readonly TcpListener _listener;
    private readonly Thread _acceptor;
    private readonly List<Socket> _sockets = [];
    private readonly string _topic;
    private long _allocated;
    private long _produceRequests;
    private volatile bool _stopped;

    public LoopbackProduceBroker(string topic)
    {
        _topic = topic;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "loopback broker accept" };
        _acceptor.Start();
    }

    public string Bootstrap => $"127.0.0.1:{Port}";

    /// <summary>Bytes allocated by the broker's connection threads so far.</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Produce requests answered so far.</summary>
    public long ProduceRequests => Interlocked.Read(ref _produceRequests);

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stopped = true;
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _acceptor.Join(TimeSpan.FromSeconds(10));
    }

    private void Accept()
    {
        while (!_stopped)
        {
            Socket socket;
            try
            {
                socket = _listener.AcceptSocket();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (_sockets)
            {
                _sockets.Add(socket);
            }

            new Thread(() => Serve(socket)) { IsBackground = true, Name = "loopback broker connection" }.Start();
        }
    }

    private void Serve(Socket socket)
    {
        var counted = GC.GetAllocatedBytesForCurrentThread();
        var frame = new byte[1 << 20];
        byte[]? produceReply = null; // encoded once per connection; only the correlation id changes
        short produceVersion = -1;
        try
        {
            while (ReadExactly(socket, frame, 4))
            {
                var size = BinaryPrimitives.ReadInt32BigEndian(frame);
                if (size > frame.Length || !ReadExactly(socket, frame, size))
                {
                    return;
                }

                var key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame);
                var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
                var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4));
                byte[] reply;
                if (key == ApiKey.Produce)
                {
                    if (produceReply is null || produceVersion != version)
                    {
                        produceReply = Answer(key, version, correlationId);
                        produceVersion = version;
                    }

                    BinaryPrimitives.WriteInt32BigEndian(produceReply.AsSpan(4), correlationId);
                    Interlocked.Increment(ref _produceRequests);
                    reply = produceReply;
                }
                else
                {
                    reply = Answer(key, version, correlationId);
                }

                // Publish this thread's allocations before the answer leaves, so the producer never sees an answer
                // whose cost is not counted yet.
                var now = GC.GetAllocatedBytesForCurrentThread();
                Interlocked.Add(ref _allocated, now - counted);
                counted = now;
                socket.Send(reply);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The test is over (Dispose) or the producer closed the connection.
        }
    }

    private byte[] Answer(ApiKey key, short version, int correlationId)
    {
        switch (key)
        {
            case ApiKey.ApiVersions:
                var versions = new ApiVersionsResponse();
                foreach (var range in SupportedApis.All)
                {
                    versions.ApiKeys.Add(new ApiVersionsResponse.ApiVersion { ApiKey = (short)range.Key, MinVersion = range.MinVersion, MaxVersion = range.MaxVersion });
                }

                return FakeBroker.Frame(correlationId, key, version, versions);
            case ApiKey.Metadata:
                var metadata = new MetadataResponse { ClusterId = "loopback", ControllerId = NodeId };
                metadata.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = NodeId, Host = "127.0.0.1", Port = Port });
                var topic = new MetadataResponse.MetadataResponseTopic { Name = _topic };
                topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = NodeId, LeaderEpoch = 1, ReplicaNodes = [NodeId], IsrNodes = [NodeId] });
                metadata.Topics.Add(topic);
                return FakeBroker.Frame(correlationId, key, version, metadata);
            case ApiKey.Produce:
                var produced = new ProduceResponse();
                var answer = new ProduceResponse.TopicProduceResponse { Name = _topic };
                answer.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse { Index = 0 });
                produced.Responses.Add(answer);
                return FakeBroker.Frame(correlationId, key, version, produced);
            default:
                throw new InvalidOperationException($"The loopback broker does not answer {key}.");
        }
    }

    private static bool ReadExactly(Socket socket, byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
