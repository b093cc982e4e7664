using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cli.Faults;

/// <summary>One line of <c>brook cluster</c>'s stdin fault language, parsed (see <see cref="FaultCommandParser"/>).</summary>
internal abstract record FaultCommand
{
    /// <summary><c>down B</c>: broker B goes down (its partitions fail over).</summary>
    public sealed record Down(int Broker) : FaultCommand;

    /// <summary><c>up B</c>: broker B comes back.</summary>
    public sealed record Up(int Broker) : FaultCommand;

    /// <summary><c>leader TOPIC PARTITION B</c>: moves leadership to broker B.</summary>
    public sealed record Leader(string Topic, int Partition, int Broker) : FaultCommand;

    /// <summary><c>err API COUNT ERROR_NAME [BROKER]</c>: the next COUNT requests of API answer ERROR_NAME.</summary>
    public sealed record Err(ApiKey Api, int Count, ErrorCode Error, int? Broker) : FaultCommand;

    /// <summary><c>disconnect-after-append COUNT</c>: the next COUNT produce requests append, then the connection drops.</summary>
    public sealed record DisconnectAfterAppend(int Count) : FaultCommand;

    /// <summary><c>latency B MS</c>: every response of broker B waits MS ms (0 removes it).</summary>
    public sealed record Latency(int Broker, int Ms) : FaultCommand;

    /// <summary><c>isolate-followers TOPIC PARTITION</c>: the leader's followers stop replicating.</summary>
    public sealed record IsolateFollowers(string Topic, int Partition) : FaultCommand;

    /// <summary><c>heal</c>: ends isolations, latencies and queued request faults (brokers stay as they are).</summary>
    public sealed record Heal : FaultCommand;

    /// <summary><c>create TOPIC PARTITIONS RF</c>.</summary>
    public sealed record Create(string Topic, int Partitions, int ReplicationFactor) : FaultCommand;

    /// <summary><c>state TOPIC</c>: leaders, ISR and HW per partition on one line.</summary>
    public sealed record State(string Topic) : FaultCommand;

    /// <summary><c>help</c>.</summary>
    public sealed record Help : FaultCommand;
}
