using Brook.Cli.Faults;
using Brook.Cli.Tests.Fakes;
using Brook.Cluster.Faults;
using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cli.Tests.Faults;

public sealed class FaultExecutorTests
{
    private readonly FakeCluster _cluster = new();

    private FaultExecutor Executor() => new(_cluster);

    [Fact]
    public async Task ExecuteLine_Down_CallsClusterAndAnswersOk()
    {
        Assert.Equal("ok broker 1 down", await Executor().ExecuteLineAsync("down 1"));
        Assert.Equal(["down 1"], _cluster.Calls);
    }

    [Fact]
    public async Task ExecuteLine_UnknownBroker_AnswersErrorWithRange()
    {
        var answer = await Executor().ExecuteLineAsync("up 7");
        Assert.Equal("error no broker 7: brokers are 0..2", answer);
        Assert.Empty(_cluster.Calls);
    }

    [Fact]
    public async Task ExecuteLine_Err_QueuesRequestFault()
    {
        var answer = await Executor().ExecuteLineAsync("err Produce 3 NOT_LEADER_OR_FOLLOWER 2");
        Assert.StartsWith("ok ", answer, StringComparison.Ordinal);
        var fault = Assert.Single(_cluster.Faults);
        Assert.Equal((short)ApiKey.Produce, fault.ApiKey);
        Assert.Equal(3, fault.Count);
        Assert.Equal(ErrorCode.NotLeaderOrFollower, fault.Error);
        Assert.Equal(2, fault.BrokerId);
        Assert.Equal(FaultAction.Error, fault.Action);
    }

    [Fact]
    public async Task ExecuteLine_DisconnectAfterAppend_QueuesProduceDisconnect()
    {
        await Executor().ExecuteLineAsync("disconnect-after-append 2");
        var fault = Assert.Single(_cluster.Faults);
        Assert.Equal(FaultAction.DisconnectAfterAppend, fault.Action);
        Assert.Equal((short)ApiKey.Produce, fault.ApiKey);
        Assert.Equal(2, fault.Count);
    }

    [Fact]
    public async Task Heal_UndoesIsolationsLatenciesAndRequestFaults()
    {
        var executor = Executor();
        _cluster.CreateTopic("t", 2, 3);
        _cluster.Calls.Clear();
        await executor.ExecuteLineAsync("isolate-followers t 1");
        await executor.ExecuteLineAsync("latency 2 300");
        var answer = await executor.ExecuteLineAsync("heal");
        Assert.Equal("ok healed isolations=1 latencies=1 request-faults=cleared", answer);
        Assert.Equal(["isolated t 1 True", "latency 2 300", "isolated t 1 False", "latency 2 0", "clear-faults"], _cluster.Calls);
    }

    [Fact]
    public async Task State_PrintsEveryPartitionOnOneLine()
    {
        _cluster.Topics["t"] = [FakeCluster.Snapshot("t", 0, 1, [1, 2], 42), FakeCluster.Snapshot("t", 1, 2, [2, 0, 1], 7)];
        var answer = await Executor().ExecuteLineAsync("state t");
        Assert.Equal("ok t | p0 leader=1 epoch=0 isr=1,2 hw=42 leo=42 | p1 leader=2 epoch=0 isr=2,0,1 hw=7 leo=7", answer);
    }

    [Fact]
    public async Task State_UnknownTopic_AnswersError()
    {
        Assert.StartsWith("error unknown topic 'nope'", await Executor().ExecuteLineAsync("state nope"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterArgumentException_BecomesOneErrorLine()
    {
        var answer = await Executor().ExecuteLineAsync("leader missing 0 1");
        Assert.Equal("error Unknown topic 'missing'.", answer);
    }

    [Fact]
    public async Task Help_ListsEveryFormOnOneLine()
    {
        var answer = await Executor().ExecuteLineAsync("help");
        Assert.StartsWith("ok commands: down B | up B | leader TOPIC PARTITION B | err API COUNT ERROR_NAME [BROKER]", answer, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', answer!);
    }

    [Fact]
    public async Task BadLine_AnswersErrorAndBlankLineNothing()
    {
        Assert.Equal("error unknown command 'boom'; try: help", await Executor().ExecuteLineAsync("boom"));
        Assert.Null(await Executor().ExecuteLineAsync(""));
    }

    [Fact]
    public async Task Create_CreatesTopic()
    {
        Assert.Equal("ok created orders partitions=6 rf=3", await Executor().ExecuteLineAsync("create orders 6 3"));
        Assert.Equal(6, _cluster.Topics["orders"].Count);
    }
}
