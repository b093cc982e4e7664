using BenchmarkDotNet.Attributes;
using Brook.Cluster;
using Brook.Cluster.Model;
using Brook.Protocol.Errors;
using Brook.Protocol.Records;

namespace Brook.Benchmarks;

/// <summary>
/// Brook.Cluster's produce path below the network: a validated batch (framing, CRC-32C, every record walked) appended
/// to a partition's pooled log, then the replication step (follower LEOs, HW, ISR, acks=all completion) and retention.
/// Results are per record (OperationsPerInvoke); the goal is >= 1.5 M records/s per core and 0 B allocated per record.
/// </summary>
[MemoryDiagnoser]
public class ClusterAppendBenchmarks
{
    private const int BatchesPerInvoke = 1_000;

    /// <summary>Records per batch, 100 B values each (~16 KiB batches, as a Confluent producer at linger 5 sends).</summary>
    private const int RecordsPerBatch = 160;
    private ClusterState _cluster = null!;
    private PartitionState _partition = null!;
    private byte[] _batch = [];

    /// <summary>Replicas of the partition (1: acks=all is the leader alone; 3: two followers tracked).</summary>
    [Params(1, 3)]
    public int ReplicationFactor { get; set; }


    [GlobalSetup]
    public void Setup()
    {
        _cluster = new ClusterState(new EmbeddedClusterOptions { BrokerCount = 3, AutoCreateTopics = false });
        var topic = _cluster.CreateTopic("bench", 1, ReplicationFactor, new TopicConfig { RetentionBytes = 64L * 1024 * 1024 });
        _partition = topic.Partitions[0];
        using var builder = new RecordBatchBuilder(1024 * 1024);
        var value = BenchmarkData.Payload(100);
        for (var i = 0; i < RecordsPerBatch; i++)
        {
            builder.TryAppend(1_700_000_000_000 + i, [], true, value, false, []);
        }

        _batch = builder.Seal(-1, -1, -1, false).ToArray();

        // Reach steady state: chunks allocated, retention cycling.
        for (var i = 0; i < 20; i++)
        {
            Append();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _cluster.Dispose();

    /// <summary>Appends <see cref="BatchesPerInvoke"/> batches with acks=all; reported per record.</summary>
    [Benchmark(OperationsPerInvoke = BatchesPerInvoke * RecordsPerBatch)]
    public long Append()
    {
        long last = 0;
        for (var i = 0; i < BatchesPerInvoke; i++)
        {
            var task = _partition.AppendAsync(_partition.LeaderId, _batch, -1, 30_000, 9);
            var result = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
            if (result.Error != ErrorCode.None)
            {
                throw new InvalidOperationException($"Append failed with {result.Error}.");
            }

            last = result.BaseOffset;
        }

        return last;
    }
}
