using System.Text;
using Brook.Cli.Commands;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests.Commands;

public sealed class ConsumeCommandTests
{
    private static ConsumedRecord Record(string? key, string? value, params (string K, string V)[] headers) => new(
        0,
        0,
        key is null ? null : Encoding.UTF8.GetBytes(key),
        value is null ? null : Encoding.UTF8.GetBytes(value),
        [.. headers.Select(h => new KeyValuePair<string, byte[]?>(h.K, Encoding.UTF8.GetBytes(h.V)))]);

    [Fact]
    public async Task Run_PrintsValuesAndCountsOnStderr()
    {
        var engines = new FakeEngines { Records = [Record("k", "v1"), Record(null, "v2")] };
        var run = await TestRun.RunAsync(["consume", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--from-beginning", "--group", "g", "--isolation", "read_committed", "--timeout-ms", "500"], engines);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["v1", "v2"], run.OutLines);
        Assert.Equal("Processed a total of 2 messages" + Environment.NewLine, run.Error.ToString());
        Assert.Equal(new ReaderOptions("127.0.0.1:9092", "t", true, "g", true, null, 500, false), engines.ReaderOptions);
    }

    [Fact]
    public async Task Run_StopsAtMaxMessages()
    {
        var engines = new FakeEngines { Records = [Record(null, "a"), Record(null, "b"), Record(null, "c")] };
        var run = await TestRun.RunAsync(["consume", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--max-messages", "2"], engines);
        Assert.Equal(["a", "b"], run.OutLines);
    }

    [Fact]
    public void Format_WithKeyAndHeaders_MatchesConsoleConsumerLayout()
    {
        Assert.Equal("h1:x,h2:y\tk\tv", ConsumeCommand.Format(Record("k", "v", ("h1", "x"), ("h2", "y")), printKey: true, printHeaders: true));
        Assert.Equal("NO_HEADERS\tnull\tnull", ConsumeCommand.Format(Record(null, null), printKey: true, printHeaders: true));
        Assert.Equal("v", ConsumeCommand.Format(Record("k", "v"), printKey: false, printHeaders: false));
    }
}
