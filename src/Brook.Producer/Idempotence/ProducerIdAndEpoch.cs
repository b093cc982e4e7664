namespace Brook.Producer.Idempotence;

/// <summary>A producer id and epoch as handed out by InitProducerId (or bumped locally, KIP-360).</summary>
/// <param name="ProducerId">The producer id (-1 when none).</param>
/// <param name="Epoch">The producer epoch (-1 when none).</param>
internal readonly record struct ProducerIdAndEpoch(long ProducerId, short Epoch)
{
    /// <summary>No producer id yet.</summary>
    public static ProducerIdAndEpoch None => new(-1, -1);

    /// <summary>True for a usable id and epoch.</summary>
    public bool IsValid => ProducerId >= 0 && Epoch >= 0;

    /// <summary>True when the epoch cannot be bumped any more (Short.MaxValue): a new producer id is needed (§9).</summary>
    public bool IsEpochExhausted => Epoch == short.MaxValue;
}
