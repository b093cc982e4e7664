namespace Brook.Cli.Tests.Process;

/// <summary>The README's scripted loop as processes: brook cluster (faults on stdin) + brook perf --sequenced + brook verify.</summary>
[Collection(BrookProcessCollection.Name)]
public sealed class ClusterPerfVerifyProcessTests
{
    [Fact(Timeout = 600_000)]
    public async Task ClusterPerfVerify_SequencedRun_PassesBeforeAndAfterABrokerGoesDown()
    {
        await using var cluster = BrookProcess.Start("cluster", "--brokers", "3", "--topic", "seq:3:3");
        var bootstrap = await cluster.ReadLineAsync();
        Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$", bootstrap);

        await cluster.WriteLineAsync("help");
        Assert.StartsWith("ok commands: ", await cluster.ReadLineAsync(), StringComparison.Ordinal);
        await cluster.WriteLineAsync("# comments and blank lines get no answer");
        await cluster.WriteLineAsync(string.Empty);
        await cluster.WriteLineAsync("down 7");
        Assert.StartsWith("error ", await cluster.ReadLineAsync(), StringComparison.Ordinal);
        await cluster.WriteLineAsync("latency 1 0");
        Assert.StartsWith("ok ", await cluster.ReadLineAsync(), StringComparison.Ordinal);

        var perf = await BrookProcess.RunAsync(["perf", "--bootstrap", bootstrap, "--topic", "seq", "--sequenced", "--num-records", "20000"]);
        Assert.True(perf.ExitCode == 0, perf.Err);
        Assert.Matches(@"(?m)^20000 records sent, \d+\.\d{6} records/sec \(\d+\.\d{2} MB/sec\), ", perf.Out);
        Assert.Contains($"brook verify --bootstrap {bootstrap} --topic seq --expect 20000", perf.Err, StringComparison.Ordinal);

        var verify = await BrookProcess.RunAsync(["verify", "--bootstrap", bootstrap, "--topic", "seq", "--expect", "20000"]);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Err);
        Assert.StartsWith("PASS records=20000 unique=20000 expected=20000 duplicates=0 missing=0", verify.Out, StringComparison.Ordinal);

        await cluster.WriteLineAsync("down 1");
        Assert.Equal("ok broker 1 down", await cluster.ReadLineAsync());
        await cluster.WriteLineAsync("state seq");
        var state = await cluster.ReadLineAsync();
        Assert.StartsWith("ok seq | p0 leader=", state, StringComparison.Ordinal);
        Assert.DoesNotContain("leader=1 ", state, StringComparison.Ordinal);

        var again = await BrookProcess.RunAsync(["verify", "--bootstrap", bootstrap, "--topic", "seq", "--expect", "20000"]);
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.StartsWith("PASS records=20000", again.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task Verify_ExpectingMoreThanWritten_FailsWithNonZeroExit()
    {
        await using var cluster = BrookProcess.Start("cluster", "--brokers", "1", "--replication-factor", "1", "--min-insync-replicas", "1", "--topic", "few:1:1");
        var bootstrap = await cluster.ReadLineAsync();

        var perf = await BrookProcess.RunAsync(["perf", "--bootstrap", bootstrap, "--topic", "few", "--sequenced", "--num-records", "100"]);
        Assert.True(perf.ExitCode == 0, perf.Err);
        var verify = await BrookProcess.RunAsync(["verify", "--bootstrap", bootstrap, "--topic", "few", "--expect", "150"]);

        Assert.Equal(ExitCodes.Failure, verify.ExitCode);
        Assert.StartsWith("FAIL records=100 unique=100 expected=150 duplicates=0 missing=0 ", verify.Out, StringComparison.Ordinal);
    }
}
