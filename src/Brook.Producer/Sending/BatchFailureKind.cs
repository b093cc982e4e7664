namespace Brook.Producer.Sending;

/// <summary>Why a batch failed for good; the idempotence layer reacts differently to each (producer-algorithms.md §6, §9).</summary>
internal enum BatchFailureKind
{
    /// <summary>The broker rejected it with a non-retriable error while retries were left: nothing was appended.</summary>
    Rejected,

    /// <summary>Retries ran out (or the delivery timeout passed at a retry decision) after a retriable error.</summary>
    RetriesExhausted,

    /// <summary>delivery.timeout.ms passed while it was queued or in flight.</summary>
    Expired,

    /// <summary>The producer closed, a fatal error stopped it, or a transaction aborted it.</summary>
    Closed,
}
