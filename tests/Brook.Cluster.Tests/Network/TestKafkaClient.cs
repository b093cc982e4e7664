using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Tests.Network;

/// <summary>A minimal Kafka client over one loopback socket: writes framed requests, reads framed responses. Every wait is bounded.</summary>
internal sealed class TestKafkaClient : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;
    private int _correlation;

    public static async Task<TestKafkaClient> ConnectAsync(int port)
    {
        var c = new TestKafkaClient();
        using var cts = new CancellationTokenSource(Bound);
        await c._client.ConnectAsync("127.0.0.1", port, cts.Token);
        c._client.NoDelay = true;
        c._stream = c._client.GetStream();
        return c;
    }

    public async Task<int> SendAsync(ApiKey key, short version, IProtocolMessage body, string? clientId = "test")
    {
        var correlation = ++_correlation;
        var header = new RequestHeader { RequestApiKey = (short)key, RequestApiVersion = version, CorrelationId = correlation, ClientId = clientId };
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.WriteFrame(buffer, header, HeaderVersions.Request(key, version), body, version);
        await SendRawAsync(buffer.WrittenMemory);
        return correlation;
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Bound);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>Reads one frame's payload; null when the broker closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync(TimeSpan? bound = null)
    {
        using var cts = new CancellationTokenSource(bound ?? Bound);
        var size = new byte[4];
        if (!await ReadExactlyAsync(size, cts.Token))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        return await ReadExactlyAsync(payload, cts.Token) ? payload : null;
    }

    public async Task<T> ReceiveAsync<T>(ApiKey key, short version, Func<ReadOnlyMemory<byte>, short, T> read, int expectedCorrelation)
    {
        var frame = await ReadFrameAsync() ?? throw new InvalidOperationException("connection closed");
        var (correlation, body) = SplitHeader(frame, HeaderVersions.Response(key, version));
        Assert.Equal(expectedCorrelation, correlation);
        return read(body, version);
    }

    public async Task<T> RoundTripAsync<T>(ApiKey key, short version, IProtocolMessage body, Func<ReadOnlyMemory<byte>, short, T> read)
    {
        var correlation = await SendAsync(key, version, body);
        return await ReceiveAsync(key, version, read, correlation);
    }

    /// <summary>True when the broker closes the connection within the bound without sending anything.</summary>
    public async Task<bool> IsClosedAsync() => await ReadFrameAsync() is null;

    public static (int Correlation, ReadOnlyMemory<byte> Body) SplitHeader(byte[] frame, short headerVersion)
    {
        var reader = new ProtocolReader(frame);
        var header = ResponseHeader.Read(ref reader, headerVersion);
        return (header.CorrelationId, frame.AsMemory(reader.Position));
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken ct)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, ct);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
