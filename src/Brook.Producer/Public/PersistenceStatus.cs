namespace Brook.Producer;

/// <summary>
/// What the producer knows about whether a record reached the log (librdkafka <c>rd_kafka_msg_status_t</c>).
/// Over a record's attempts the status only moves upward: once an attempt may have been appended, a later
/// definitive rejection does not bring it back to <see cref="NotPersisted"/>.
/// </summary>
public enum PersistenceStatus
{
    /// <summary>Never written to a socket, or rejected by the broker without being appended. Retrying risks reordering, not duplication.</summary>
    NotPersisted = 0,

    /// <summary>Sent at least once without a definitive answer (timeout, disconnect, acks=0). Retrying risks duplication.</summary>
    PossiblyPersisted = 1,

    /// <summary>Acknowledged by the leader (acks=1) or the in-sync replicas (acks=all).</summary>
    Persisted = 2,
}
