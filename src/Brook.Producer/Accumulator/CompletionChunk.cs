namespace Brook.Producer.Accumulator;

/// <summary>
/// A fixed run of a batch's registered record completions, chained to the next run. Fixed-size and pooled
/// (<see cref="CompletionChunkPool"/>): a batch of any size takes as many chunks as it needs, so no registration ever
/// copies or needs a large array, and a chunk freed by one batch fits every other.
/// </summary>
internal sealed class CompletionChunk
{
    /// <summary>Completions per chunk (2 KiB of references).</summary>
    public const int Capacity = 256;

    /// <summary>The slots, filled from 0 in registration order; cleared as they are dispatched.</summary>
    public CompletionSlot[] Slots { get; } = new CompletionSlot[Capacity];

    /// <summary>The next chunk of the same batch, or null for the last.</summary>
    public CompletionChunk? Next { get; set; }
}
