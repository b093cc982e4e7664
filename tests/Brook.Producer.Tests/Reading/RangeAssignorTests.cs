using Brook.Producer.Reading;

namespace Brook.Producer.Tests.Reading;

public sealed class RangeAssignorTests
{
    [Fact]
    public void Assign_SevenPartitionsThreeMembers_GivesContiguousRangesExtraToTheFirstBySortedId()
    {
        var result = RangeAssignor.Assign(["c", "a", "b"], 7);

        Assert.Equal([0, 1, 2], result["a"]);
        Assert.Equal([3, 4], result["b"]);
        Assert.Equal([5, 6], result["c"]);
    }

    [Fact]
    public void Assign_MoreMembersThanPartitions_LeavesTheLastMembersEmpty()
    {
        var result = RangeAssignor.Assign(["m2", "m1", "m3"], 2);

        Assert.Equal([0], result["m1"]);
        Assert.Equal([1], result["m2"]);
        Assert.Empty(result["m3"]);
    }

    [Fact]
    public void Assign_EveryPartitionExactlyOnce_ForManyShapes()
    {
        for (var members = 1; members <= 6; members++)
        {
            for (var partitions = 0; partitions <= 13; partitions++)
            {
                var ids = Enumerable.Range(0, members).Select(i => $"member-{i}").ToArray();
                var result = RangeAssignor.Assign(ids, partitions);

                Assert.Equal(members, result.Count);
                Assert.Equal(Enumerable.Range(0, partitions), result.Values.SelectMany(p => p).Order());
                var sizes = result.Values.Select(p => p.Count).ToArray();
                Assert.True(sizes.Max() - sizes.Min() <= 1, $"{members} members, {partitions} partitions: {string.Join(",", sizes)}");
            }
        }
    }

    [Fact]
    public void Assign_NoMembers_IsEmpty()
    {
        Assert.Empty(RangeAssignor.Assign([], 5));
    }
}
