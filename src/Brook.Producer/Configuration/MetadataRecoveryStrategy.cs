namespace Brook.Producer;

/// <summary>What the producer does when no known broker is reachable (Kafka key <c>metadata.recovery.strategy</c>, KIP-899/KIP-1102).</summary>
public enum MetadataRecoveryStrategy
{
    /// <summary><c>none</c>: keep retrying the brokers from the last metadata.</summary>
    None = 0,

    /// <summary><c>rebootstrap</c>: go back to <c>bootstrap.servers</c> (the Java 4.x default).</summary>
    Rebootstrap = 1,
}
