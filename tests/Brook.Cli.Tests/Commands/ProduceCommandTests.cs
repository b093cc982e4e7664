using System.Text;
using Brook.Cli.Commands;
using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests.Commands;

public sealed class ProduceCommandTests
{
    [Fact]
    public async Task Run_ProducesOneRecordPerLineWithKeysAndHeaders()
    {
        var producer = new FakeRecordProducer();
        var engines = new FakeEngines { RecordProducer = producer };
        var run = await TestRun.RunAsync(
            ["produce", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--key-separator", ":", "--header", "a=1", "--header", "b=x=y", "--producer-props", "acks=all"],
            engines,
            stdin: "k1:v1\nk2:v:2\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([("t", "k1", "v1", "a=1,b=x=y"), ("t", "k2", "v:2", "a=1,b=x=y")], producer.Records);
        Assert.Contains("2 records acknowledged", run.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenARecordFails_ExitsNonZeroWithReason()
    {
        var producer = new FakeRecordProducer { FailValue = "bad" };
        var run = await TestRun.RunAsync(["produce", "--bootstrap", "127.0.0.1:9092", "--topic", "t"], new FakeEngines { RecordProducer = producer }, stdin: "ok\nbad\nok2\n");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(2, producer.Records.Count);
        Assert.Equal("brook: error: 1 of 3 records failed; first error: RECORD_TOO_LARGE" + Environment.NewLine, run.Error.ToString());
    }

    [Fact]
    public async Task Run_LineWithoutSeparator_FailsThatRecord()
    {
        var producer = new FakeRecordProducer();
        var run = await TestRun.RunAsync(["produce", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--key-separator", "|"], new FakeEngines { RecordProducer = producer }, stdin: "a|b\nnokey\n");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("line 2 has no key separator '|'", run.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TrySplit_WithoutSeparator_HasNoKey()
    {
        Assert.True(ProduceCommand.TrySplit("a:b", null, out var key, out var value));
        Assert.Null(key);
        Assert.Equal("a:b", Encoding.UTF8.GetString(value));
    }
}
