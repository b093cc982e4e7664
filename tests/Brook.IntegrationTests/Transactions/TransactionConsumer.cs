using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Transactions;

/// <summary>Reads a topic with a Confluent consumer in a given isolation level and sorts records by ledger stream.</summary>
internal static class TransactionConsumer
{
    /// <summary>
    /// Reads every partition from the beginning until each is at its end (the LSO under read_committed) and at least
    /// <paramref name="expected"/> records were read, or <paramref name="timeout"/> passed. Records of
    /// <paramref name="validStream"/> are observed into <paramref name="ledger"/> (when given); returns (their count, the
    /// count of every other record).
    /// </summary>
    public static (int Valid, int Others) Consume(string bootstrap, string topic, int partitions, IsolationLevel isolation, string validStream, RecordLedger? ledger, int expected, TimeSpan timeout) =>
        Consume(bootstrap, topic, partitions, isolation, [validStream], ledger, expected, timeout);

    /// <summary>As <see cref="Consume(string, string, int, IsolationLevel, string, RecordLedger?, int, TimeSpan)"/>, with several valid streams.</summary>
    public static (int Valid, int Others) Consume(string bootstrap, string topic, int partitions, IsolationLevel isolation, IReadOnlyCollection<string> validStreams, RecordLedger? ledger, int expected, TimeSpan timeout)
    {
        var config = ConfluentPeers.ConsumerConfig(bootstrap);
        config.IsolationLevel = isolation;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var atEnd = new bool[partitions];
        int valid = 0, others = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                atEnd[result.Partition.Value] = true;
                if (valid + others >= expected && Array.TrueForAll(atEnd, static e => e))
                {
                    break;
                }

                continue;
            }

            atEnd[result.Partition.Value] = false;
            var stream = RecordLedger.TryParse(result.Message.Value, out var s, out _) ? s : "";
            if (validStreams.Contains(stream))
            {
                valid++;
                ledger?.Observe(ConfluentPeers.ToObserved(result));
            }
            else
            {
                others++;
            }
        }

        consumer.Close();
        return (valid, others);
    }
}
