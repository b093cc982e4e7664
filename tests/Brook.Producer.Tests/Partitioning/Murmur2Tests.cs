using System.Text;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Partitioning;

public sealed class Murmur2Tests
{
    // Hashes from apache/kafka UtilsTest.testMurmur2; partitions and the empty key per producer-algorithms.md §1.
    [Theory]
    [InlineData("21", -973932308, 0, 0, 0)]
    [InlineData("foobar", -790332482, 0, 0, 6)]
    [InlineData("a-little-bit-long-string", -985981536, 2, 2, 2)]
    [InlineData("a-little-bit-longer-string", -1486304829, 2, 5, 9)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971, 2, 5, 7)]
    [InlineData("abc", 479470107, 0, 3, 7)]
    [InlineData("", 275646681, 0, 3, 1)]
    public void Hash_MatchesJavaVectors(string key, int hash, int mod3, int mod6, int mod10)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Assert.Equal(hash, Murmur2.Hash(bytes));
        Assert.Equal(mod3, Murmur2.Partition(bytes, 3));
        Assert.Equal(mod6, Murmur2.Partition(bytes, 6));
        Assert.Equal(mod10, Murmur2.Partition(bytes, 10));
    }

    [Fact]
    public void ToPositive_MasksSignBitInsteadOfAbs()
    {
        Assert.Equal(0, Murmur2.ToPositive(int.MinValue));
        Assert.Equal(int.MaxValue, Murmur2.ToPositive(-1));
        Assert.Equal(1173551340, Murmur2.ToPositive(-973932308));
        Assert.NotEqual(Math.Abs(-973932308), Murmur2.ToPositive(-973932308));
    }

    [Fact]
    public void Partition_WithZeroPartitions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Murmur2.Partition([1], 0));
    }
}
