using System.Text;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Partitioning;

public sealed class PartitionChooserTests
{
    private sealed class FixedPartitioner(int value) : IPartitioner
    {
        public int Partition(string topic, int partitionCount, ReadOnlySpan<byte> keyData, bool keyIsNull) => value;
    }

    [Fact]
    public void Choose_ExplicitPartition_Wins()
    {
        Assert.Equal(2, PartitionChooser.Choose("t", 2, new FixedPartitioner(0), "k"u8, false, false, 3));
    }

    [Fact]
    public void Choose_CustomPartitioner_BeatsKeyHash()
    {
        Assert.Equal(1, PartitionChooser.Choose("t", Partition.Any, new FixedPartitioner(1), "foobar"u8, false, false, 3));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Choose_CustomPartitionerOutOfRange_ThrowsNamingPartitioner(int bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => PartitionChooser.Choose("t", Partition.Any, new FixedPartitioner(bad), [], true, false, 3));
        Assert.Contains(nameof(FixedPartitioner), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_Key_UsesMurmur2()
    {
        Assert.Equal(6, PartitionChooser.Choose("t", Partition.Any, null, Encoding.UTF8.GetBytes("foobar"), false, false, 10));
    }

    [Fact]
    public void Choose_ZeroLengthKey_IsHashedNotSticky()
    {
        Assert.Equal(1, PartitionChooser.Choose("t", Partition.Any, null, [], false, false, 10));
    }

    [Fact]
    public void Choose_NullKey_IsUnknown()
    {
        Assert.Equal(PartitionChooser.Unknown, PartitionChooser.Choose("t", Partition.Any, null, [], true, false, 10));
    }

    [Fact]
    public void Choose_IgnoreKeys_IsUnknown()
    {
        Assert.Equal(PartitionChooser.Unknown, PartitionChooser.Choose("t", Partition.Any, null, "foobar"u8, false, true, 10));
    }
}
