using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Framing;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Tests.Network;

/// <summary>
/// An in-process Kafka broker double on 127.0.0.1:0: reads frames, decodes them with the generated messages and answers
/// through <see cref="Handler"/> (default answers: ApiVersions from SupportedApis, Metadata from <see cref="Topics"/>,
/// Produce success). Requests of one connection are handled one after another, in order, as Kafka does.
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private int _connections;
    private int _disposed;

    public FakeBroker(int nodeId = 1, int receiveBufferBytes = 0)
    {
        NodeId = nodeId;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        if (receiveBufferBytes > 0)
        {
            _listener.Server.ReceiveBufferSize = receiveBufferBytes; // inherited by accepted sockets (no autotuning)
        }

        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int NodeId { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Bootstrap => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Every request decoded, in arrival order.</summary>
    public ConcurrentQueue<FakeRequest> Received { get; } = new();

    /// <summary>Highest ApiVersions version answered normally; above it the §5 v0 UNSUPPORTED_VERSION body is sent.</summary>
    public short ApiVersionsMax { get; set; } = 4;

    /// <summary>Replaces advertised ranges (key → min, max); a key mapped to null is not advertised.</summary>
    public Dictionary<ApiKey, (short Min, short Max)?> VersionOverrides { get; } = [];

    /// <summary>Brokers listed in Metadata responses (defaults to this broker alone).</summary>
    public List<(int NodeId, int Port)> MetadataBrokers { get; } = [];

    /// <summary>Topics for Metadata: name → (partition count, leader id, leader epoch).</summary>
    public ConcurrentDictionary<string, (int Partitions, int Leader, int Epoch)> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>When above 0, every answer is written in pieces of this many bytes, with a short pause between them.</summary>
    public int ReplyChunkBytes { get; set; }

    /// <summary>Custom answer: return a full response frame, null for no response, or fall through with <see cref="DefaultReply"/>.</summary>
    public Func<FakeRequest, Task<byte[]?>>? Handler { get; set; }

    public static byte[] Frame(int correlationId, ApiKey key, short version, IApiResponse body)
    {
        var writer = new ArrayBufferWriter<byte>();
        var header = new ResponseHeader { CorrelationId = correlationId };
        MessageWriter.WriteFrame(writer, header, HeaderVersions.Response(key, version), body, version);
        return writer.WrittenSpan.ToArray();
    }

    public byte[]? DefaultReply(FakeRequest request) => request.Key switch
    {
        ApiKey.ApiVersions => ApiVersionsReply(request),
        ApiKey.Metadata => Frame(request.CorrelationId, request.Key, request.Version, MetadataReply((MetadataRequest)request.Body!)),
        ApiKey.Produce => ProduceReply(request),
        _ => throw new InvalidOperationException($"FakeBroker has no default answer for {request.Key}."),
    };

    /// <summary>Resets every open connection.</summary>
    public void DropConnections()
    {
        while (_sockets.TryTake(out var socket))
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
            }

            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private byte[] ApiVersionsReply(FakeRequest request)
    {
        if (request.Version > ApiVersionsMax)
        {
            // protocol.md §5: v0 header, v0 body, UNSUPPORTED_VERSION, only the ApiVersions range.
            var v0 = new ApiVersionsResponse { ErrorCode = 35 };
            v0.ApiKeys.Add(new ApiVersionsResponse.ApiVersion { ApiKey = 18, MinVersion = 0, MaxVersion = ApiVersionsMax });
            return Frame(request.CorrelationId, ApiKey.ApiVersions, 0, v0);
        }

        var response = new ApiVersionsResponse();
        foreach (var range in SupportedApis.All)
        {
            var (min, max) = (range.MinVersion, range.MaxVersion);
            if (VersionOverrides.TryGetValue(range.Key, out var over))
            {
                if (over is null)
                {
                    continue;
                }

                (min, max) = over.Value;
            }

            if (range.Key == ApiKey.ApiVersions)
            {
                max = ApiVersionsMax;
            }

            response.ApiKeys.Add(new ApiVersionsResponse.ApiVersion { ApiKey = (short)range.Key, MinVersion = min, MaxVersion = max });
        }

        return Frame(request.CorrelationId, ApiKey.ApiVersions, request.Version, response);
    }

    private MetadataResponse MetadataReply(MetadataRequest request)
    {
        var response = new MetadataResponse { ClusterId = "fake", ControllerId = NodeId };
        if (MetadataBrokers.Count == 0)
        {
            response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = NodeId, Host = "127.0.0.1", Port = Port });
        }

        foreach (var (id, port) in MetadataBrokers)
        {
            response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = id, Host = "127.0.0.1", Port = port });
        }

        foreach (var wanted in request.Topics ?? [])
        {
            var topic = new MetadataResponse.MetadataResponseTopic { Name = wanted.Name };
            if (wanted.Name is not null && Topics.TryGetValue(wanted.Name, out var info))
            {
                for (var p = 0; p < info.Partitions; p++)
                {
                    topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition
                    {
                        PartitionIndex = p,
                        LeaderId = info.Leader,
                        LeaderEpoch = info.Epoch,
                        ReplicaNodes = [info.Leader],
                        IsrNodes = [info.Leader],
                    });
                }
            }
            else
            {
                topic.ErrorCode = 3; // UNKNOWN_TOPIC_OR_PARTITION
            }

            response.Topics.Add(topic);
        }

        return response;
    }

    private static byte[]? ProduceReply(FakeRequest request)
    {
        var produce = (ProduceRequest)request.Body!;
        if (produce.Acks == 0)
        {
            return null;
        }

        var response = new ProduceResponse();
        foreach (var topic in produce.TopicData)
        {
            var t = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
            foreach (var partition in topic.PartitionData)
            {
                t.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse { Index = partition.Index });
            }

            response.Responses.Add(t);
        }

        return Frame(request.CorrelationId, ApiKey.Produce, request.Version, response);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true; // a reply written in pieces (ReplyChunkBytes) leaves in as many segments
            _sockets.Add(socket);
            var index = Interlocked.Increment(ref _connections);
            _ = ServeAsync(socket, index);
        }
    }

    private async Task ServeAsync(Socket socket, int index)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(ref buffer, out var payload))
                {
                    var request = Decode(index, payload.ToArray());
                    Received.Enqueue(request);
                    var reply = Handler is { } handler ? await handler(request) : DefaultReply(request);
                    if (reply is not null)
                    {
                        await WriteReplyAsync(stream, reply);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
            await stream.DisposeAsync();
        }
    }

    private async Task WriteReplyAsync(NetworkStream stream, byte[] reply)
    {
        var chunk = ReplyChunkBytes;
        if (chunk <= 0)
        {
            await stream.WriteAsync(reply, _stop.Token);
            return;
        }

        for (var offset = 0; offset < reply.Length; offset += chunk)
        {
            await stream.WriteAsync(reply.AsMemory(offset, Math.Min(chunk, reply.Length - offset)), _stop.Token);
            await Task.Delay(1, _stop.Token);
        }
    }

    private static FakeRequest Decode(int connection, byte[] payload)
    {
        var key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(payload);
        var version = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(2));
        var reader = new ProtocolReader(payload);
        var header = RequestHeader.Read(ref reader, key == ApiKey.ApiVersions && version > 4 ? (short)2 : HeaderVersions.Request(key, version));
        IApiMessage? body = null;
        if (MessageRegistry.TryGetRequest(key, out var info) && info.IsValidVersion(version))
        {
            body = info.Read(ref reader, version);
        }

        return new FakeRequest(connection, key, version, header.CorrelationId, header.ClientId, body);
    }
}
