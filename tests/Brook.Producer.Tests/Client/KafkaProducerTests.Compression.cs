using System.Buffers;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;
using ProtocolCompression = Brook.Protocol.Compression.CompressionType;

namespace Brook.Producer.Tests.Client;

/// <summary>compression.zstd.level (KIP-390) set on the producer is the level the sealed batch was compressed with.</summary>
public sealed partial class KafkaProducerTests
{
    [Theory(Timeout = 60_000)]
    [InlineData(1, 19)]
    [InlineData(19, 1)]
    public async Task ProduceAsync_WithCompressionZstdLevel_SealsTheBatchAtThatLevel(int level, int otherLevel)
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 0,
            CompressionType = CompressionType.Zstd,
            CompressionZstdLevel = level,
            TimeProvider = new CountingTimeProvider(),
        });
        var random = new Random(7);
        var value = string.Create(8000, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (r.Next(8) * r.Next(4)));
            }
        });

        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = value }, Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.Equal(ProtocolCompression.Zstd, transport.LastCompression);
        var batch = transport.LastBatch;
        byte[] records;
        using (var reader = RecordBatchReader.Open(batch))
        {
            records = reader.Records.ToArray();
        }

        var body = batch.AsSpan(RecordBatchHeader.Size).ToArray();
        Assert.Equal(Compress(records, level), body);
        Assert.NotEqual(Compress(records, otherLevel), body); // the levels differ on this data: the check can fail
    }

    private static byte[] Compress(byte[] records, int level)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Compress(ProtocolCompression.Zstd, records, output, level);
        return output.WrittenSpan.ToArray();
    }
}
