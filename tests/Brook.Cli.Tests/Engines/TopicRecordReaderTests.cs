using System.Globalization;
using System.Text;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;
using Brook.Cluster;
using Brook.TestSupport.Interop;
using Confluent.Kafka;

namespace Brook.Cli.Tests.Engines;

/// <summary>
/// <c>brook verify</c> and <c>brook consume</c> in-process with the live engines, against an embedded cluster that a
/// Confluent producer filled with values in the format of <c>brook perf --sequenced</c>.
/// </summary>
public sealed class TopicRecordReaderTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = 3, Groups = new GroupOptions { InitialRebalanceDelayMs = 0 } }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Verify_AllSequencesPresentOnce_PrintsPassAndExitsZero()
    {
        _cluster.CreateTopic("cli-verify-pass", partitions: 3, replicationFactor: 3);
        ProduceSequenced("cli-verify-pass", Enumerable.Range(0, 600).Select(i => (long)i), CompressionType.Zstd);

        var run = await TestRun.RunAsync(["verify", "--bootstrap", _cluster.BootstrapServers, "--topic", "cli-verify-pass", "--expect", "600"], new BrookEngines());

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("PASS records=600 unique=600 expected=600 duplicates=0 missing=0 out-of-order=0", run.OutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DuplicateAndMissingSequence_PrintsFailAndExitsNonZero()
    {
        _cluster.CreateTopic("cli-verify-fail", partitions: 3, replicationFactor: 3);
        var sequences = Enumerable.Range(0, 200).Where(i => i != 50).Select(i => (long)i).Append(7);
        ProduceSequenced("cli-verify-fail", sequences, CompressionType.None);

        var run = await TestRun.RunAsync(["verify", "--bootstrap", _cluster.BootstrapServers, "--topic", "cli-verify-fail", "--expect", "200"], new BrookEngines());

        Assert.NotEqual(0, run.ExitCode);
        Assert.StartsWith("FAIL records=200 unique=199 expected=200 duplicates=1 missing=1", run.OutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_FromBeginningWithMaxMessages_PrintsThatManyValues()
    {
        _cluster.CreateTopic("cli-consume", partitions: 1, replicationFactor: 1);
        ProduceSequenced("cli-consume", Enumerable.Range(0, 50).Select(i => (long)i), CompressionType.Gzip);

        var run = await TestRun.RunAsync(
            ["consume", "--bootstrap", _cluster.BootstrapServers, "--topic", "cli-consume", "--from-beginning", "--max-messages", "20", "--timeout-ms", "20000"],
            new BrookEngines());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(20, run.OutLines.Length);
        Assert.Equal(Value(0), run.OutLines[0]);
        Assert.Equal(Value(19), run.OutLines[19]);
    }

    [Fact]
    public async Task Consume_WithGroup_SecondRunContinuesWhereTheFirstStopped()
    {
        _cluster.CreateTopic("cli-consume-group", partitions: 3, replicationFactor: 1);
        ProduceSequenced("cli-consume-group", Enumerable.Range(0, 30).Select(i => (long)i), CompressionType.None);
        string[] Args(params string[] extra) =>
            ["consume", "--bootstrap", _cluster.BootstrapServers, "--topic", "cli-consume-group", "--group", "g1", "--from-beginning", .. extra];

        var first = await TestRun.RunAsync(Args("--max-messages", "10", "--timeout-ms", "20000"), new BrookEngines());
        var second = await TestRun.RunAsync(Args("--timeout-ms", "3000"), new BrookEngines());
        var third = await TestRun.RunAsync(Args("--timeout-ms", "1000"), new BrookEngines());
        var otherGroup = await TestRun.RunAsync(
            ["consume", "--bootstrap", _cluster.BootstrapServers, "--topic", "cli-consume-group", "--group", "g2", "--from-beginning", "--timeout-ms", "3000"],
            new BrookEngines());

        foreach (var run in new[] { first, second, third, otherGroup })
        {
            Assert.True(run.ExitCode == 0, run.Error.ToString());
        }

        Assert.Equal(10, first.OutLines.Length);
        Assert.Equal(20, second.OutLines.Length);
        Assert.Empty(third.OutLines);
        var all = Enumerable.Range(0, 30).Select(i => Value(i)).Order(StringComparer.Ordinal);
        Assert.Equal(all, first.OutLines.Concat(second.OutLines).Order(StringComparer.Ordinal));
        Assert.Equal(all, otherGroup.OutLines.Order(StringComparer.Ordinal));
    }

    private static string Digits(long sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);

    private static string Value(long sequence) => $"pabc123-{Digits(sequence)}|xxxxxxxx";

    private void ProduceSequenced(string topic, IEnumerable<long> sequences, CompressionType codec)
    {
        using var producer = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig(_cluster.BootstrapServers, Acks.All, codec));
        foreach (var sequence in sequences)
        {
            producer.Produce(topic, new Message<byte[], byte[]>
            {
                Key = Encoding.ASCII.GetBytes(Digits(sequence)),
                Value = Encoding.ASCII.GetBytes(Value(sequence)),
            });
        }

        ConfluentPeers.Flush(producer, ConfluentPeers.DefaultTimeout);
    }
}
