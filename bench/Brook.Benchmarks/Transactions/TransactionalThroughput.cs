using System.Diagnostics;
using System.Globalization;
using Brook.Cluster;
using Brook.Producer;
using Brook.TestSupport.Interop;
using CK = Confluent.Kafka;

namespace Brook.Benchmarks.Transactions;

/// <summary>
/// Transactional throughput, Brook vs Confluent.Kafka 2.16.0, against the same in-process EmbeddedCluster: each round
/// runs <c>transactions</c> transactions of R records (begin, produce R, commit) per client and shape, and reports the
/// median transactions/s and records/s over the rounds and the Brook/Confluent ratio.
/// Usage: <c>dotnet run -c Release --project bench/Brook.Benchmarks -- txn [transactions=200] [rounds=3]</c>.
/// </summary>
public static class TransactionalThroughput
{
    /// <summary>The command name.</summary>
    public const string Command = "txn";

    private const int ValueBytes = 100;
    private const int Partitions = 3;

    /// <summary>Runs the comparison and prints a Markdown table.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var transactions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = Partitions });
        Console.WriteLine($"| Records/txn | Client | Transactions/s (median of {rounds}) | Records/s | Brook / Confluent |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var perTxn in new[] { 100, 1 })
        {
            var count = perTxn == 1 ? transactions * 5 : transactions;
            var brook = new List<double>();
            var confluent = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var topic = $"txn-bench-{perTxn}-{round}";
                cluster.CreateTopic(topic, Partitions);
                brook.Add(await RunBrookAsync(cluster.BootstrapServers, topic, $"brook-{perTxn}-{round}", count, perTxn));
                confluent.Add(RunConfluent(cluster.BootstrapServers, topic, $"confluent-{perTxn}-{round}", count, perTxn));
            }

            // Both clients wrote count transactions of perTxn records plus one commit marker per partition touched.
            var touched = Math.Min(perTxn, Partitions);
            long expected = 2L * count * (perTxn + touched), written = 0;
            for (var round = 0; round < rounds; round++)
            {
                for (var p = 0; p < Partitions; p++)
                {
                    written += cluster.GetPartition($"txn-bench-{perTxn}-{round}", p).HighWatermark;
                }
            }

            if (written != expected * rounds)
            {
                Console.Error.WriteLine($"MISMATCH: {written} log entries for {perTxn}-record transactions, expected {expected * rounds}");
                return 1;
            }

            var b = Median(brook);
            var c = Median(confluent);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {perTxn} | Brook | {b:F0} | {b * perTxn:F0} | {b / c:F2} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {perTxn} | Confluent.Kafka 2.16.0 | {c:F0} | {c * perTxn:F0} | |"));
        }

        return 0;
    }

    private static async Task<double> RunBrookAsync(string bootstrap, string topic, string transactionalId, int transactions, int perTxn)
    {
        var options = new ProducerOptions { BootstrapServers = bootstrap, TransactionalId = transactionalId, LingerMs = 5 };
        await using var producer = new ProducerBuilder<Null, byte[]>(options).Build();
        await producer.InitTransactionsAsync();
        var value = new byte[ValueBytes];
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < transactions; t++)
        {
            producer.BeginTransaction();
            for (var r = 0; r < perTxn; r++)
            {
                producer.Produce(new TopicPartition(topic, r % Partitions), new Message<Null, byte[]> { Value = value });
            }

            await producer.CommitTransactionAsync();
        }

        return transactions / clock.Elapsed.TotalSeconds;
    }

    private static double RunConfluent(string bootstrap, string topic, string transactionalId, int transactions, int perTxn)
    {
        var config = ConfluentPeers.ProducerConfig(bootstrap, CK.Acks.All);
        config.EnableIdempotence = true;
        config.TransactionalId = transactionalId;
        config.LingerMs = 5;
        using var producer = ConfluentPeers.BuildProducer(config);
        var timeout = TimeSpan.FromSeconds(30);
        producer.InitTransactions(timeout);
        var value = new byte[ValueBytes];
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < transactions; t++)
        {
            producer.BeginTransaction();
            for (var r = 0; r < perTxn; r++)
            {
                producer.Produce(new CK.TopicPartition(topic, r % Partitions), new CK.Message<byte[], byte[]> { Value = value });
            }

            producer.CommitTransaction(timeout);
        }

        return transactions / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
