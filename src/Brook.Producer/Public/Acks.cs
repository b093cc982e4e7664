namespace Brook.Producer;

/// <summary>How many replicas must acknowledge a write before it counts as sent (Kafka key <c>acks</c>).</summary>
public enum Acks
{
    /// <summary><c>acks=all</c> (-1): the leader and every in-sync replica. Required for idempotence.</summary>
    All = -1,

    /// <summary><c>acks=0</c>: no acknowledgement; a batch completes when written to the socket, offset unknown.</summary>
    None = 0,

    /// <summary><c>acks=1</c>: the leader alone.</summary>
    Leader = 1,
}
