using System.Collections.Concurrent;

namespace Brook.Producer.Accumulator;

/// <summary>
/// Per-topic, per-codec estimate of compressed / uncompressed size (producer-algorithms.md §3, Java
/// <c>CompressionRatioEstimator</c>): starts at 1.0; after each batch a worse observation raises it to
/// <c>max(ratio + 0.05, observed)</c>, a better one lowers it to <c>max(ratio - 0.005, observed)</c>. Used to let a
/// compressed batch hold more uncompressed bytes so its compressed size lands near batch.size.
/// </summary>
internal sealed class CompressionRatioEstimator
{
    /// <summary>Headroom Java applies on top of the estimate.</summary>
    public const double EstimationFactor = 1.05;

    private const double Deterioration = 0.05;
    private const double Improvement = 0.005;

    private readonly ConcurrentDictionary<(string Topic, CompressionType Codec), double> _ratios = new();

    /// <summary>The current estimate (1.0 until observed, and always 1.0 for no compression).</summary>
    public double Estimate(string topic, CompressionType codec) =>
        codec == CompressionType.None ? 1.0 : _ratios.GetValueOrDefault((topic, codec), 1.0);

    /// <summary>Folds in one batch's observed ratio and returns the new estimate.</summary>
    public double Update(string topic, CompressionType codec, double observed)
    {
        if (codec == CompressionType.None || double.IsNaN(observed) || observed <= 0)
        {
            return 1.0;
        }

        return _ratios.AddOrUpdate(
            (topic, codec),
            static (_, o) => o > 1.0 ? Math.Max(1.0 + Deterioration, o) : Math.Max(1.0 - Improvement, o),
            static (_, current, o) => o > current ? Math.Max(current + Deterioration, o) : Math.Max(current - Improvement, o),
            observed);
    }

    /// <summary>After MESSAGE_TOO_LARGE: the estimate becomes <c>max(1.0, observed)</c>.</summary>
    public void Reset(string topic, CompressionType codec, double observed)
    {
        if (codec != CompressionType.None)
        {
            _ratios[(topic, codec)] = Math.Max(1.0, observed);
        }
    }

    /// <summary>
    /// The uncompressed size limit for a new batch so that its estimated compressed size is about
    /// <paramref name="batchSize"/>: <c>batchSize / (ratio × 1.05)</c>; batch.size itself without compression.
    /// </summary>
    public int UncompressedLimit(string topic, CompressionType codec, int batchSize)
    {
        if (codec == CompressionType.None)
        {
            return batchSize;
        }

        var limit = batchSize / (Estimate(topic, codec) * EstimationFactor);
        return (int)Math.Clamp(limit, 1, int.MaxValue / 2);
    }
}
