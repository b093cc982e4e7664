using Brook.Producer.Accumulator;

namespace Brook.Producer.Tests.Accumulator;

public sealed class CompressionRatioEstimatorTests
{
    [Fact]
    public void Estimate_StartsAtOne()
    {
        Assert.Equal(1.0, new CompressionRatioEstimator().Estimate("t", CompressionType.Gzip));
    }

    [Fact]
    public void Update_Better_DecreasesSlowly()
    {
        var estimator = new CompressionRatioEstimator();
        Assert.Equal(0.995, estimator.Update("t", CompressionType.Lz4, 0.3), 6);
        Assert.Equal(0.990, estimator.Update("t", CompressionType.Lz4, 0.3), 6);
    }

    [Fact]
    public void Update_Worse_IncreasesFast()
    {
        var estimator = new CompressionRatioEstimator();
        for (var i = 0; i < 20; i++)
        {
            estimator.Update("t", CompressionType.Zstd, 0.3);
        }

        var low = estimator.Estimate("t", CompressionType.Zstd);
        Assert.Equal(low + 0.05, estimator.Update("t", CompressionType.Zstd, low + 0.01), 6);
        Assert.Equal(0.95, estimator.Update("t", CompressionType.Zstd, 0.95), 6);
    }

    [Fact]
    public void Estimate_IsPerTopicAndCodec()
    {
        var estimator = new CompressionRatioEstimator();
        estimator.Update("a", CompressionType.Gzip, 0.1);
        Assert.Equal(1.0, estimator.Estimate("b", CompressionType.Gzip));
        Assert.Equal(1.0, estimator.Estimate("a", CompressionType.Snappy));
        Assert.Equal(1.0, estimator.Estimate("a", CompressionType.None));
    }

    [Fact]
    public void Reset_UsesMaxOfOneAndObserved()
    {
        var estimator = new CompressionRatioEstimator();
        estimator.Update("t", CompressionType.Gzip, 0.2);
        estimator.Reset("t", CompressionType.Gzip, 0.5);
        Assert.Equal(1.0, estimator.Estimate("t", CompressionType.Gzip));
        estimator.Reset("t", CompressionType.Gzip, 1.3);
        Assert.Equal(1.3, estimator.Estimate("t", CompressionType.Gzip));
    }

    [Fact]
    public void UncompressedLimit_GrowsAsRatioImproves()
    {
        var estimator = new CompressionRatioEstimator();
        Assert.Equal(16384, estimator.UncompressedLimit("t", CompressionType.None, 16384));
        Assert.Equal((int)(16384 / 1.05), estimator.UncompressedLimit("t", CompressionType.Lz4, 16384));
        for (var i = 0; i < 200; i++)
        {
            estimator.Update("t", CompressionType.Lz4, 0.25);
        }

        Assert.Equal((int)(16384 / (0.25 * 1.05)), estimator.UncompressedLimit("t", CompressionType.Lz4, 16384));
    }
}
