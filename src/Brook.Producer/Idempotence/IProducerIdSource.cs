namespace Brook.Producer.Idempotence;

/// <summary>
/// Where the producer id comes from (the seam between <see cref="ProducerIdManager"/> and the network). The idempotent
/// producer uses <see cref="InitProducerIdSource"/> (InitProducerId with a null transactional id to the least-loaded
/// broker); a transactional producer plugs in its transaction manager (FindCoordinator + InitProducerId with the
/// transactional id). Both methods run on the sender thread; the source wakes the sender when a response arrives.
/// </summary>
internal interface IProducerIdSource
{
    /// <summary>
    /// Starts obtaining a producer id. <paramref name="current"/> is the id/epoch being replaced (KIP-360: an exhausted
    /// epoch, or a transactional bump), <see cref="ProducerIdAndEpoch.None"/> for the first one. A second call while
    /// one is outstanding is ignored.
    /// </summary>
    void Begin(ProducerIdAndEpoch current, long nowMs);

    /// <summary>Advances the acquisition (send, backoff, read the response) and reports where it stands.</summary>
    ProducerIdPoll Poll(long nowMs);

    /// <summary>
    /// A producer id/epoch the source obtained on its own that replaces <paramref name="current"/> (a transactional
    /// producer's KIP-360 bump after an abort, done by the transaction manager); false when there is none.
    /// </summary>
    bool TryTakeReplacement(ProducerIdAndEpoch current, out ProducerIdAndEpoch replacement);
}
