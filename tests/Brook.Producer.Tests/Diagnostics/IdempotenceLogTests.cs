using Brook.Producer.Accumulator;
using Brook.Producer.Diagnostics;
using Brook.Producer.Idempotence;
using Brook.Producer.Tests.Idempotence;
using Brook.Protocol.Errors;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>Producer id, epoch bump and fatal events, logged by <see cref="ProducerIdManager"/>.</summary>
public sealed class IdempotenceLogTests
{
    private readonly CapturingLoggerFactory _logs = new();

    private ProducerIdManager Create()
    {
        var manager = new ProducerIdManager(new IdempotentSequencer(transactional: false), new PushedProducerIdSource { Value = new ProducerIdAndEpoch(42, 5) })
        {
            Logger = _logs.CreateLogger(LogCategories.Idempotence),
        };
        manager.RunOnce(0);
        return manager;
    }

    [Fact]
    public void RunOnce_ObtainsProducerId_LogsIt()
    {
        Create();

        Assert.Equal("Producer id 42 epoch 5 in use", Assert.Single(_logs.WithEvent(LogEvents.ProducerIdObtained)).Message);
    }

    [Fact]
    public void Bump_LogsTheNewEpoch()
    {
        var manager = Create();
        manager.RequestEpochBump(new TopicPartition("t", 0));
        manager.RunOnce(1);

        Assert.Equal(1, manager.EpochBumps);
        Assert.Contains("producer id 42 to 6", Assert.Single(_logs.WithEvent(LogEvents.EpochBumped)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetFatal_LogsOnceAtError()
    {
        var manager = Create();
        manager.SetFatal(new KafkaException(ErrorCode.ClusterAuthorizationFailed, "not allowed"));
        manager.SetFatal(new KafkaException(ErrorCode.ProducerFenced, "fenced"));

        var entry = Assert.Single(_logs.WithEvent(LogEvents.ProducerFatal));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("CLUSTER_AUTHORIZATION_FAILED", entry.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, manager.FatalError!.ErrorCode);
    }
}
