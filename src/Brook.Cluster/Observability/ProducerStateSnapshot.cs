using Brook.Cluster.Producers;

namespace Brook.Cluster.Observability;

/// <summary>Idempotence state of one producer id on one partition.</summary>
/// <param name="ProducerId">Producer id.</param>
/// <param name="Epoch">Current epoch.</param>
/// <param name="Batches">The retained window (up to 5), oldest first.</param>
/// <param name="LastAppendTimeMs">Broker time of its last append.</param>
public sealed record ProducerStateSnapshot(long ProducerId, short Epoch, IReadOnlyList<ProducerBatchMetadata> Batches, long LastAppendTimeMs);
