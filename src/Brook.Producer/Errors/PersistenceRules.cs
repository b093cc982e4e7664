using Brook.Protocol.Errors;

namespace Brook.Producer.Internals;

/// <summary>How each attempt's outcome maps to a <see cref="PersistenceStatus"/> (producer-algorithms.md §13).</summary>
internal static class PersistenceRules
{
    /// <summary>A successful attempt: Persisted, except under acks=0 where nothing confirms the write.</summary>
    public static PersistenceStatus ForSuccess(Acks acks) => acks == Acks.None ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.Persisted;

    /// <summary>
    /// A failed attempt. <paramref name="written"/> says whether the request reached the socket; if not, nothing can
    /// have been appended. Local failures without a broker answer (timeout, disconnect) pass <see cref="ErrorCode.RequestTimedOut"/>
    /// or <see cref="ErrorCode.NetworkException"/>.
    /// </summary>
    public static PersistenceStatus ForError(ErrorCode error, bool written)
    {
        if (!written)
        {
            return PersistenceStatus.NotPersisted;
        }

        return error switch
        {
            ErrorCode.None or ErrorCode.DuplicateSequenceNumber => PersistenceStatus.Persisted,

            // The broker answered and appended nothing.
            ErrorCode.NotLeaderOrFollower or ErrorCode.LeaderNotAvailable or ErrorCode.FencedLeaderEpoch
                or ErrorCode.UnknownLeaderEpoch or ErrorCode.NotEnoughReplicas or ErrorCode.MessageTooLarge
                or ErrorCode.RecordListTooLarge or ErrorCode.InvalidRecord or ErrorCode.CorruptMessage
                or ErrorCode.InvalidTimestamp or ErrorCode.InvalidRequiredAcks or ErrorCode.UnsupportedCompressionType
                or ErrorCode.UnknownTopicOrPartition or ErrorCode.InvalidTopicException
                or ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
                or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.InvalidProducerEpoch
                or ErrorCode.ProducerFenced or ErrorCode.UnsupportedVersion or ErrorCode.UnknownProducerId
                or ErrorCode.InvalidProducerIdMapping or ErrorCode.TransactionAbortable
                or ErrorCode.ThrottlingQuotaExceeded => PersistenceStatus.NotPersisted,

            // No definitive answer (REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND, OUT_OF_ORDER_SEQUENCE_NUMBER,
            // disconnects) and anything unknown: assume it may be in the log.
            _ => PersistenceStatus.PossiblyPersisted,
        };
    }

    /// <summary>Statuses only move upward across attempts.</summary>
    public static PersistenceStatus Combine(PersistenceStatus previous, PersistenceStatus attempt) =>
        attempt > previous ? attempt : previous;
}
