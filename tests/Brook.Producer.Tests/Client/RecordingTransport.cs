using Brook.Producer.Network;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;
using Brook.TestSupport.Benchmarking;
using ProtocolCompression = Brook.Protocol.Compression.CompressionType;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A broker for producer-level tests that checks what was sent: metadata for one topic led by node 0 (held back while
/// <see cref="HoldMetadata"/> is on), and every Produce request decoded record by record into <see cref="Records"/>
/// and answered with consecutive offsets per partition. Thread-safe.
/// </summary>
internal sealed class RecordingTransport : ISenderTransport
{
    private readonly string _topic;
    private readonly int _partitions;
    private readonly Lock _gate = new();
    private readonly List<SentRecord> _records = [];
    private readonly List<TaskCompletionSource<IApiResponse?>> _heldMetadata = [];
    private readonly Queue<(TaskCompletionSource<IApiResponse?> Answer, ProduceResponse? Response)> _heldProduce = new();
    private readonly long[] _nextOffset;
    private bool _holdMetadata;
    private bool _holdProduce;
    private int _produceRequests;
    private int _metadataRequests;
    private short _produceError;

    public RecordingTransport(string topic, int partitions)
    {
        _topic = topic;
        _partitions = partitions;
        _nextOffset = new long[partitions];
    }

    /// <summary>Every record received, in arrival order.</summary>
    public IReadOnlyList<SentRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The codec of the last batch received.</summary>
    public ProtocolCompression LastCompression { get; private set; }

    /// <summary>The sealed bytes of the last batch received.</summary>
    public byte[] LastBatch { get; private set; } = [];

    /// <summary>Metadata requests seen so far.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>Produce requests seen so far.</summary>
    public int ProduceRequests => Volatile.Read(ref _produceRequests);

    /// <summary>When false, no node is ready (connections never complete).</summary>
    public bool Reachable { get; set; } = true;

    /// <summary>Metadata requests are not answered until <see cref="ReleaseMetadata"/>.</summary>
    public void HoldMetadata()
    {
        lock (_gate)
        {
            _holdMetadata = true;
        }
    }

    /// <summary>Answers the held metadata requests and answers at once from now on.</summary>
    public void ReleaseMetadata()
    {
        TaskCompletionSource<IApiResponse?>[] held;
        lock (_gate)
        {
            _holdMetadata = false;
            held = [.. _heldMetadata];
            _heldMetadata.Clear();
        }

        foreach (var request in held)
        {
            request.SetResult(OneTopicAnswers.Metadata(_topic, _partitions));
        }
    }

    /// <summary>Produce answers are held (their records are recorded) until <see cref="ReleaseProduce"/>.</summary>
    public void HoldProduce()
    {
        lock (_gate)
        {
            _holdProduce = true;
        }
    }

    /// <summary>Sends the <paramref name="count"/> oldest held Produce answers (all with -1 and answers at once from then on).</summary>
    public void ReleaseProduce(int count = -1)
    {
        var released = new List<(TaskCompletionSource<IApiResponse?> Answer, ProduceResponse? Response)>();
        lock (_gate)
        {
            while (_heldProduce.Count > 0 && (count < 0 || released.Count < count))
            {
                released.Add(_heldProduce.Dequeue());
            }

            _holdProduce = _holdProduce && count >= 0;
        }

        foreach (var (answer, response) in released)
        {
            answer.SetResult(response);
        }
    }

    /// <summary>Every later Produce answer carries <paramref name="errorCode"/> for each partition (0 = success).</summary>
    public void AnswerProduceWith(short errorCode)
    {
        lock (_gate)
        {
            _produceError = errorCode;
        }
    }

    public bool IsReady(int nodeId) => Reachable;

    public long ConnectionDelayMs(int nodeId) => Reachable ? 0 : 50;

    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request)
    {
        switch (request)
        {
            case MetadataRequest:
                Interlocked.Increment(ref _metadataRequests);
                lock (_gate)
                {
                    if (_holdMetadata)
                    {
                        var held = new TaskCompletionSource<IApiResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _heldMetadata.Add(held);
                        return new ValueTask<IApiResponse?>(held.Task);
                    }
                }

                return new ValueTask<IApiResponse?>(OneTopicAnswers.Metadata(_topic, _partitions));
            case ProduceRequest produce:
                Interlocked.Increment(ref _produceRequests);
                var response = Answer(produce);
                lock (_gate)
                {
                    if (_holdProduce)
                    {
                        var held = new TaskCompletionSource<IApiResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _heldProduce.Enqueue((held, response));
                        return new ValueTask<IApiResponse?>(held.Task);
                    }
                }

                return new ValueTask<IApiResponse?>(response);
            default:
                throw new NotSupportedException($"RecordingTransport does not answer {request.GetType().Name}.");
        }
    }

    public int? LeastLoadedNode() => Reachable ? 0 : null;

    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
    }

    public void AddNodes(IEnumerable<BrokerNode> brokers)
    {
    }

    private ProduceResponse? Answer(ProduceRequest produce)
    {
        var response = new ProduceResponse();
        lock (_gate)
        {
            foreach (var topic in produce.TopicData)
            {
                var answer = new ProduceResponse.TopicProduceResponse { Name = topic.Name };
                foreach (var partition in topic.PartitionData)
                {
                    var baseOffset = _produceError == 0 ? _nextOffset[partition.Index] : -1;
                    if (_produceError == 0)
                    {
                        _nextOffset[partition.Index] += Decode(topic.Name, partition.Index, partition.Records!.Value.Span, baseOffset);
                    }

                    answer.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse
                    {
                        Index = partition.Index,
                        ErrorCode = _produceError,
                        BaseOffset = baseOffset,
                        LogAppendTimeMs = -1,
                    });
                }

                response.Responses.Add(answer);
            }
        }

        return produce.Acks == 0 ? null : response;
    }

    // Caller holds the gate.
    private int Decode(string topic, int partition, ReadOnlySpan<byte> batch, long baseOffset)
    {
        LastBatch = batch.ToArray();
        using var reader = RecordBatchReader.Open(batch);
        LastCompression = reader.Header.Compression;
        var count = 0;
        foreach (var record in reader)
        {
            var headers = new List<(string Key, byte[]? Value)>();
            foreach (var header in record.Headers)
            {
                headers.Add((System.Text.Encoding.UTF8.GetString(header.Key), header.IsValueNull ? null : header.Value.ToArray()));
            }

            _records.Add(new SentRecord(
                topic,
                partition,
                baseOffset + count,
                record.IsKeyNull ? null : record.Key.ToArray(),
                record.IsValueNull ? null : record.Value.ToArray(),
                headers));
            count++;
        }

        return count;
    }

    internal sealed record SentRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[]? Value, IReadOnlyList<(string Key, byte[]? Value)> Headers)
    {
        public string? ValueText => Value is null ? null : System.Text.Encoding.UTF8.GetString(Value);
    }
}
