using Brook.Cli.Faults;
using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cli.Tests.Faults;

public sealed class FaultCommandParserTests
{
    private static FaultCommand Parse(string line)
    {
        Assert.True(FaultCommandParser.TryParse(line, out var command, out var error), error);
        return command!;
    }

    private static string Error(string line)
    {
        Assert.False(FaultCommandParser.TryParse(line, out _, out var error));
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void TryParse_EveryCommandForm()
    {
        Assert.Equal(new FaultCommand.Down(1), Parse("down 1"));
        Assert.Equal(new FaultCommand.Up(2), Parse("  UP   2 "));
        Assert.Equal(new FaultCommand.Leader("orders", 3, 0), Parse("leader orders 3 0"));
        Assert.Equal(new FaultCommand.Err(ApiKey.Produce, 3, ErrorCode.NotLeaderOrFollower, null), Parse("err Produce 3 NOT_LEADER_OR_FOLLOWER"));
        Assert.Equal(new FaultCommand.Err(ApiKey.Metadata, 1, ErrorCode.LeaderNotAvailable, 2), Parse("err metadata 1 leader_not_available 2"));
        Assert.Equal(new FaultCommand.DisconnectAfterAppend(5), Parse("disconnect-after-append 5"));
        Assert.Equal(new FaultCommand.Latency(1, 250), Parse("latency 1 250"));
        Assert.Equal(new FaultCommand.IsolateFollowers("orders", 0), Parse("isolate-followers orders 0"));
        Assert.Equal(new FaultCommand.Heal(), Parse("heal"));
        Assert.Equal(new FaultCommand.Create("t", 6, 3), Parse("create t 6 3"));
        Assert.Equal(new FaultCommand.State("t"), Parse("state t"));
        Assert.Equal(new FaultCommand.Help(), Parse("help"));
    }

    [Fact]
    public void TryParse_ApiAndErrorByNumber()
    {
        Assert.Equal(new FaultCommand.Err(ApiKey.Produce, 2, ErrorCode.NotLeaderOrFollower, null), Parse("err 0 2 6"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# a comment")]
    public void TryParse_BlankOrComment_NeedsNoAnswer(string line)
    {
        Assert.False(FaultCommandParser.TryParse(line, out var command, out var error));
        Assert.Null(command);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("explode", "unknown command 'explode'")]
    [InlineData("down", "usage: down B")]
    [InlineData("down x", "B (broker id) must be a whole number >= 0")]
    [InlineData("leader t -1 0", "PARTITION must be a whole number >= 0")]
    [InlineData("err Producee 1 NOT_LEADER_OR_FOLLOWER", "unknown API 'Producee'")]
    [InlineData("err Produce 0 NOT_LEADER_OR_FOLLOWER", "COUNT must be a whole number > 0")]
    [InlineData("err Produce 1 NOT_A_REAL_ERROR", "unknown error 'NOT_A_REAL_ERROR'")]
    [InlineData("err Produce 1 NONE", "unknown error 'NONE'")]
    [InlineData("err Produce 1", "usage: err API COUNT ERROR_NAME [BROKER]")]
    [InlineData("create t 0 3", "PARTITIONS must be a whole number > 0")]
    [InlineData("heal now", "usage: heal")]
    public void TryParse_BadLine_ExplainsTheProblem(string line, string expected)
    {
        Assert.Contains(expected, Error(line), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseApi_RejectsUnknownNumbers()
    {
        Assert.False(FaultCommandParser.TryParseApi("9999", out _));
        Assert.True(FaultCommandParser.TryParseApi("InitProducerId", out var api));
        Assert.Equal(ApiKey.InitProducerId, api);
    }
}
