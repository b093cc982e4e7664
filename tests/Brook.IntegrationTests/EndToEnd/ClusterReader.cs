using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// Reads partitions from offset 0 with a Confluent consumer. Brook.Cluster has no ListOffsets yet, so the logical
/// offset Beginning (which ConfluentPeers.ConsumeAll uses) cannot be resolved there.
/// </summary>
internal static class ClusterReader
{
    public static int ConsumeFromZero(string bootstrapServers, string topic, int partitions, RecordLedger ledger, long expected, TimeSpan timeout)
    {
        using var consumer = ConfluentPeers.BuildConsumer(ConfluentPeers.ConsumerConfig(bootstrapServers));
        var assignment = new List<TopicPartitionOffset>(partitions);
        for (var p = 0; p < partitions; p++)
        {
            assignment.Add(new TopicPartitionOffset(topic, p, new Offset(0)));
        }

        consumer.Assign(assignment);
        var read = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (read < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            ledger.Observe(ConfluentPeers.ToObserved(result));
            read++;
        }

        // A short extra read catches duplicates past the expected count.
        var extraUntil = DateTime.UtcNow.AddMilliseconds(300);
        while (DateTime.UtcNow < extraUntil)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (result is not null && !result.IsPartitionEOF)
            {
                ledger.Observe(ConfluentPeers.ToObserved(result));
                read++;
            }
        }

        consumer.Close();
        return read;
    }
}
