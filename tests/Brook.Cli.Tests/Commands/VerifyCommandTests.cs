using System.Text;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests.Commands;

public sealed class VerifyCommandTests
{
    private static List<ConsumedRecord> Sequenced(params long[] sequences)
    {
        var list = new List<ConsumedRecord>();
        var offset = 0;
        foreach (var s in sequences)
        {
            var digits = s.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            list.Add(new ConsumedRecord(0, offset++, Encoding.ASCII.GetBytes(digits), Encoding.ASCII.GetBytes($"pabc123-{digits}|xxxxx"), []));
        }

        return list;
    }

    [Fact]
    public async Task Run_AllPresent_PrintsPassAndExitsZero()
    {
        var engines = new FakeEngines { Records = Sequenced(0, 1, 2, 3) };
        var run = await TestRun.RunAsync(["verify", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--expect", "4"], engines);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["PASS records=4 unique=4 expected=4 duplicates=0 missing=0 out-of-order=0 malformed=0 key-mismatches=0 streams=1"], run.OutLines);
        Assert.True(engines.ReaderOptions!.FromBeginning);
        Assert.True(engines.ReaderOptions.StopAtEnd);
    }

    [Fact]
    public async Task Run_WithGapAndDuplicate_PrintsFailWithFiguresAndGaps()
    {
        var engines = new FakeEngines { Records = Sequenced(0, 1, 1, 4) };
        var run = await TestRun.RunAsync(["verify", "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--expect", "5"], engines);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(
            ["FAIL records=4 unique=3 expected=5 duplicates=1 missing=2 out-of-order=0 malformed=0 key-mismatches=0 streams=1", "gap pabc123 2..3"],
            run.OutLines);
    }
}
