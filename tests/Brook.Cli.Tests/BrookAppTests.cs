using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests;

public sealed class BrookAppTests
{
    public static readonly TheoryData<string> Commands = new(["cluster", "perf", "produce", "consume", "verify", "doctor"]);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_ForEveryCommand_ShowsExamples(string command)
    {
        var run = await TestRun.RunAsync([command, "--help"]);
        Assert.Equal(0, run.ExitCode);
        var help = run.Out.ToString();
        Assert.Contains("EXAMPLES:", help, StringComparison.Ordinal);
        Assert.Contains("brook " + command, help, StringComparison.Ordinal);
        Assert.Empty(run.Error.ToString());
    }

    [Fact]
    public async Task Help_OfCluster_ListsTheFaultLanguage()
    {
        var help = (await TestRun.RunAsync(["cluster", "--help"])).Out.ToString();
        foreach (var form in new[] { "down B", "up B", "leader TOPIC PARTITION B", "err API COUNT ERROR_NAME [BROKER]", "disconnect-after-append COUNT", "latency B MS", "isolate-followers TOPIC PARTITION", "heal", "create TOPIC PARTITIONS RF", "state TOPIC", "help" })
        {
            Assert.Contains(form, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_OfPerf_ListsEveryFlagWithDefaults()
    {
        var help = (await TestRun.RunAsync(["perf", "--help"])).Out.ToString();
        foreach (var flag in new[] { "--bootstrap", "--topic", "--num-records", "--record-size", "--throughput", "--producer-props", "--producer-config", "--sequenced", "--no-keys" })
        {
            Assert.Contains(flag, help, StringComparison.Ordinal);
        }

        Assert.Contains("1000000", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster", new[] { "--brokers", "--port", "--partitions", "--replication-factor", "--min-insync-replicas", "--topic" })]
    [InlineData("produce", new[] { "--bootstrap", "--topic", "--key-separator", "--header", "--producer-props" })]
    [InlineData("consume", new[] { "--bootstrap", "--topic", "--from-beginning", "--group", "--isolation", "--max-messages", "--timeout-ms", "--print-key", "--print-headers" })]
    [InlineData("verify", new[] { "--bootstrap", "--topic", "--expect", "--isolation" })]
    [InlineData("doctor", new[] { "--bootstrap", "--topic", "--producer-props", "--producer-config" })]
    public async Task Help_OfEachCommand_ListsTheIssueContractFlags(string command, string[] flags)
    {
        var help = (await TestRun.RunAsync([command, "--help"])).Out.ToString();
        foreach (var flag in flags)
        {
            Assert.Contains(flag + " ", help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "perf", "--bogus" }, "Unknown option 'bogus'")]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    [InlineData(new[] { "perf", "--num-records", "abc" }, "abc")]
    [InlineData(new[] { "perf", "--num-records", "0" }, "--num-records must be at least 1")]
    [InlineData(new[] { "perf", "--throughput", "0" }, "--throughput must be positive")]
    [InlineData(new[] { "perf", "--record-size", "10", "--sequenced" }, "--record-size must be at least 19 with --sequenced")]
    [InlineData(new[] { "perf", "--no-keys" }, "--no-keys only applies with --sequenced")]
    [InlineData(new[] { "perf", "--bootstrap", "localhost" }, "--bootstrap entry 'localhost' is not host:port")]
    [InlineData(new[] { "perf", "--producer-props", "lingr.ms=5" }, "Did you mean 'linger.ms'?")]
    [InlineData(new[] { "perf", "--producer-props", "acks" }, "expects key=value")]
    [InlineData(new[] { "perf", "--producer.config", "/no/such/brook.properties" }, "'/no/such/brook.properties' does not exist")]
    [InlineData(new[] { "produce", "--topic", "t" }, "--bootstrap is required")]
    [InlineData(new[] { "produce", "--bootstrap", "127.0.0.1:9092" }, "--topic is required")]
    [InlineData(new[] { "consume", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--isolation", "dirty" }, "--isolation must be read_committed or read_uncommitted")]
    [InlineData(new[] { "verify", "--bootstrap", "127.0.0.1:9092", "--topic", "t" }, "--expect is required")]
    [InlineData(new[] { "cluster", "--brokers", "2", "--replication-factor", "3" }, "--replication-factor must be between 1 and --brokers (2)")]
    [InlineData(new[] { "cluster", "--min-insync-replicas", "4" }, "--min-insync-replicas must be between 1 and --replication-factor (3)")]
    [InlineData(new[] { "cluster", "--topic", "t:0" }, "PARTITIONS must be a whole number > 0")]
    [InlineData(new[] { "cluster", "--port", "65535" }, "leaves no room for 3 consecutive ports")]
    public async Task BadCommandLine_GivesOneErrorLineAndUsageExit(string[] args, string expected)
    {
        var run = await TestRun.RunAsync(args, new FakeEngines());
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = run.Error.ToString();
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("brook: error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "perf" }, "embedded cluster")]
    [InlineData(new[] { "perf", "--bootstrap", "127.0.0.1:9092" }, "the Brook producer is not available in this build")]
    [InlineData(new[] { "cluster" }, "not available in this build")]
    [InlineData(new[] { "consume", "--bootstrap", "127.0.0.1:9092", "--topic", "t" }, "reader is not available in this build")]
    [InlineData(new[] { "verify", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--expect", "5" }, "reader is not available in this build")]
    [InlineData(new[] { "produce", "--bootstrap", "127.0.0.1:9092", "--topic", "t" }, "the Brook producer is not available in this build")]
    [InlineData(new[] { "doctor" }, "not available in this build")]
    public async Task MissingEngine_FailsClearlyInsteadOfInventingResults(string[] args, string expected)
    {
        var run = await TestRun.RunAsync(args);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains(expected, run.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.Out.ToString());
    }
}
