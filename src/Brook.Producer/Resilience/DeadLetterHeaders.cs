namespace Brook.Producer;

/// <summary>
/// Header keys a <see cref="ResilientProducer{TKey, TValue}"/> adds to a dead-lettered record (after the record's own
/// headers). Values are UTF-8 text; numbers in invariant culture.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>The topic the record was produced to.</summary>
    public const string Topic = "brook.dlq.original.topic";

    /// <summary>The partition it was sent to (-1 when none was chosen).</summary>
    public const string Partition = "brook.dlq.original.partition";

    /// <summary>The Kafka error code, e.g. "10".</summary>
    public const string ErrorCode = "brook.dlq.error.code";

    /// <summary>The Kafka error name, e.g. "MESSAGE_TOO_LARGE".</summary>
    public const string ErrorName = "brook.dlq.error.name";

    /// <summary>The error message.</summary>
    public const string ErrorMessage = "brook.dlq.error.message";

    /// <summary>
    /// The original delivery's <see cref="PersistenceStatus"/> ("NotPersisted" or "PossiblyPersisted": the record may
    /// also be in the original topic, e.g. after a timeout while in flight).
    /// </summary>
    public const string Persistence = "brook.dlq.original.persistence";
}
