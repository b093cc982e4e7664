using System.Globalization;
using Brook.Cluster;
using Brook.Cluster.Faults;
using Brook.IntegrationTests.EndToEnd;
using Brook.Producer;
using Brook.TestSupport.Verification;
using BrookError = Brook.Protocol.Errors.ErrorCode;

namespace Brook.IntegrationTests.Idempotence;

/// <summary>
/// The idempotent producer with its defaults (acks=all, enable.idempotence, max.in.flight=5) against a 3-broker
/// embedded cluster (RF 3, min.insync 2) under each fault of the matrix. Every record is read back by a Confluent
/// consumer and checked by the <see cref="RecordLedger"/>: 0 lost, 0 duplicated, order kept per partition. Faults
/// fire at acknowledged-record counts, never after sleeps. <c>BROOK_IDEM_RECORDS</c> sets the records per scenario
/// (default 100,000; e.g. 1000000 for the soak run described in docs/design/producer.md).
/// </summary>
public sealed class IdempotentFaultMatrixTests
{
    // Bounds the 1M-record soak too; the default 100k run takes seconds per scenario.
    private const int SoakTimeoutMs = 900_000;
    private const string Topic = "idem";
    private const int Partitions = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int RecordCount =>
        int.TryParse(Environment.GetEnvironmentVariable("BROOK_IDEM_RECORDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : 100_000;

    [Fact(Timeout = SoakTimeoutMs)]
    public Task LeaderKill_FailsOverWithoutLossOrDuplicates() => RunAsync(
        inject: async c => await c.Faults.SetBrokerDownAsync(c.GetPartition(Topic, 0).Leader, failover: true),
        heal: c => Restore(c),
        progressWhileFaulted: true,
        expectEpochBump: null);

    [Fact(Timeout = SoakTimeoutMs)]
    public Task BrokerDownThenUp_WithoutFailover_ResumesWithoutLossOrDuplicates() => RunAsync(
        inject: async c => await c.Faults.SetBrokerDownAsync(c.GetPartition(Topic, 1).Leader, failover: false),
        heal: c => Restore(c),
        progressWhileFaulted: true,
        expectEpochBump: null);

    [Fact(Timeout = SoakTimeoutMs)]
    public Task IsrShrinkBelowMinInsync_ThenHeal_RetriesUntilAccepted() => RunAsync(
        inject: c =>
        {
            var s = c.GetPartition(Topic, 2);
            foreach (var follower in s.Replicas.Select(r => r.BrokerId).Where(b => b != s.Leader))
            {
                c.Faults.ShrinkIsr(Topic, 2, follower);
            }

            return ValueTask.CompletedTask;
        },
        heal: c =>
        {
            var s = c.GetPartition(Topic, 2);
            foreach (var follower in s.Replicas.Select(r => r.BrokerId).Where(b => b != s.Leader))
            {
                c.Faults.SetFollowerPaused(Topic, 2, follower, paused: false);
            }
        },
        faultSeen: c => c.RequestHistory.Any(r => HasError(r.Response, BrookError.NotEnoughReplicas)));

    [Fact(Timeout = SoakTimeoutMs)]
    public Task DisconnectAfterAppend_RetriesAreDeduplicated() => RunAsync(
        inject: c => Add(c, new RequestFault { ApiKey = 0, Action = FaultAction.DisconnectAfterAppend, Count = 3 }),
        heal: _ => { },
        faultSeen: FaultsConsumed);

    [Fact(Timeout = SoakTimeoutMs)]
    public Task SwallowedResponses_BeyondRequestTimeout_RetriesAreDeduplicated() => RunAsync(
        inject: c => Add(c, new RequestFault { ApiKey = 0, Action = FaultAction.SwallowResponse, Count = 2 }),
        heal: _ => { },
        faultSeen: FaultsConsumed,
        requestTimeoutMs: 1500);

    [Fact(Timeout = SoakTimeoutMs)]
    public Task InjectedOutOfOrderSequence_BumpsEpochAndDeliversEverything() => RunAsync(
        inject: c => Add(c, new RequestFault { ApiKey = 0, Topic = Topic, Partition = 0, Error = BrookError.OutOfOrderSequenceNumber, Count = 1 }),
        heal: _ => { },
        faultSeen: FaultsConsumed,
        expectEpochBump: true);

    [Fact(Timeout = SoakTimeoutMs)]
    public Task InjectedNotLeader_RetriesInSequenceOrder() => RunAsync(
        inject: c => Add(c, new RequestFault { ApiKey = 0, Topic = Topic, Partition = 1, Error = BrookError.NotLeaderOrFollower, Count = 3 }),
        heal: _ => { },
        faultSeen: FaultsConsumed);

    // Records issued but not yet acknowledged stay under this window, so a 1M-record soak keeps memory bounded.
    private const int OutstandingWindow = 200_000;

    private static async Task RunAsync(
        Func<EmbeddedCluster, ValueTask> inject,
        Action<EmbeddedCluster> heal,
        Func<EmbeddedCluster, bool>? faultSeen = null,
        int requestTimeoutMs = 30_000,
        bool progressWhileFaulted = false,
        bool? expectEpochBump = false)
    {
        var records = RecordCount;
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 3, DefaultReplicationFactor = 3, ReplicaLagTimeMaxMs = 10_000 }, Ct);
        cluster.CreateTopic(Topic, Partitions, 3, new TopicConfig { MinInsyncReplicas = 2 });
        var run = new MatrixRun(records);
        var options = new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 5,
            RequestTimeoutMs = requestTimeoutMs,
            MaxBlockMs = 300_000,
        };

        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(options).Build())
        {
            Assert.True(producer.Options.EnableIdempotence);
            Assert.Equal(Acks.All, producer.Options.Acks);
            var injectAt = records / 3;
            var healAt = 2 * records / 3;
            for (var i = 0; i < records; i++)
            {
                if (i == injectAt)
                {
                    await run.WaitForAcknowledged(records / 6, Ct);
                    await inject(cluster);
                }
                else if (i == healAt)
                {
                    if (progressWhileFaulted)
                    {
                        // The other partitions keep going: heal once they acknowledged more records under the fault.
                        await run.WaitForAcknowledged(records / 4, Ct);
                    }

                    await WaitUntil(() => faultSeen?.Invoke(cluster) ?? true, "the injected fault never took effect");
                    heal(cluster);
                }
                else if (i > OutstandingWindow && i % 1000 == 0)
                {
                    await run.WaitForAcknowledged(i - OutstandingWindow, Ct);
                }

                var partition = i % Partitions;
                var record = run.Ledger.Next("p" + partition.ToString(CultureInfo.InvariantCulture));
                producer.Produce(new TopicPartition(Topic, partition), new Message<byte[]?, byte[]> { Value = record.Value }, run.OnDelivered);
            }

            await producer.FlushAsync(Ct).AsTask().WaitAsync(ScaledBound(records, 90), Ct);
            Assert.True(run.Failed == 0, $"{run.Failed} record(s) failed; first: {run.FirstError}");
            Assert.Equal(records, run.Acknowledged);
        }

        var read = ClusterReader.ConsumeFromZero(cluster.BootstrapServers, Topic, Partitions, run.Ledger, records, ScaledBound(records, 60));
        Assert.Equal(records, read);
        run.Ledger.Verify().ThrowIfNotClean();
        for (var p = 0; p < Partitions; p++)
        {
            var snapshot = cluster.GetPartition(Topic, p);
            Assert.Equal(records / Partitions + (p < records % Partitions ? 1 : 0), snapshot.LogEndOffset);

            // One producer id throughout; a KIP-360 bump only where the fault calls for one (every partition then
            // restarts under the new epoch, lazily), none for plain retriable faults.
            var producer = Assert.Single(snapshot.Producers);
            if (expectEpochBump is { } bump)
            {
                Assert.Equal(bump, producer.Epoch > 0);
            }
        }
    }

    private static TimeSpan ScaledBound(int records, int secondsPer100k) =>
        TimeSpan.FromSeconds(secondsPer100k * Math.Max(1.0, records / 100_000.0));

    private static void Restore(EmbeddedCluster cluster)
    {
        for (var b = 0; b < cluster.Options.BrokerCount; b++)
        {
            cluster.Faults.SetBrokerUp(b);
        }
    }

    private static ValueTask Add(EmbeddedCluster cluster, RequestFault fault)
    {
        cluster.Faults.Add(fault);
        return ValueTask.CompletedTask;
    }

    private static bool FaultsConsumed(EmbeddedCluster cluster) => cluster.State.Faults.Count == 0;

    private static bool HasError(object? response, BrookError error) =>
        response is Brook.Protocol.Messages.ProduceResponse p
        && p.Responses.Any(t => t.PartitionResponses.Any(x => x.ErrorCode == (short)error));

    /// <summary>Polls a condition on the real clock, bounded at 20 s.</summary>
    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(5, Ct);
        }
    }
}
