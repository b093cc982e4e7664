using System.Collections.Concurrent;

namespace Brook.Producer.Accumulator;

/// <summary>
/// The accumulator's spare <see cref="CompletionChunk"/>s: a batch rents one per <see cref="CompletionChunk.Capacity"/>
/// records (under the partition lock) and returns them, cleared, once its records were dispatched. Grows to the chunks
/// of the batches in flight, so steady-state sends allocate none.
/// </summary>
internal sealed class CompletionChunkPool
{
    private readonly ConcurrentQueue<CompletionChunk> _spare = new();

    /// <summary>A pool for batches made outside an accumulator (tests, benchmarks).</summary>
    public static CompletionChunkPool Shared { get; } = new();

    /// <summary>A cleared, unlinked chunk.</summary>
    public CompletionChunk Rent() => _spare.TryDequeue(out var chunk) ? chunk : new CompletionChunk();

    /// <summary>Takes back a chunk whose slots are all cleared.</summary>
    public void Return(CompletionChunk chunk)
    {
        chunk.Next = null;
        _spare.Enqueue(chunk);
    }
}
