namespace Brook.Producer.Tests.Public;

public sealed class HeadersTests
{
    [Fact]
    public void Add_KeepsOrderAndDuplicates()
    {
        var headers = new Headers { { "a", "1" }, { "b", "2" }, { "a", "3" } };
        Assert.Equal(["a", "b", "a"], headers.Select(h => h.Key));
        Assert.True(headers.TryGetLast("a", out var last));
        Assert.Equal("3"u8.ToArray(), last.Value.ToArray());
    }

    [Fact]
    public void Add_NullString_IsKafkaNullNotEmpty()
    {
        var headers = new Headers { { "n", (string?)null }, { "e", string.Empty } };
        Assert.True(headers[0].IsValueNull);
        Assert.False(headers[1].IsValueNull);
        Assert.True(headers[1].Value.IsEmpty);
    }

    [Fact]
    public void Clear_KeepsCapacityForReuse()
    {
        var headers = new Headers(2) { { "a", "1" }, { "b", "2" } };
        headers.Clear();
        Assert.Empty(headers);
        headers.Add("c", "3");
        Assert.Equal("c", Assert.Single(headers).Key);
    }

    [Fact]
    public void Remove_DropsEveryMatchingKey()
    {
        var headers = new Headers { { "a", "1" }, { "b", "2" }, { "a", "3" } };
        headers.Remove("a");
        Assert.Equal("b", Assert.Single(headers).Key);
        Assert.False(headers.TryGetLast("a", out _));
    }

    [Fact]
    public void Indexer_OutOfRange_Throws()
    {
        var headers = new Headers { { "a", "1" } };
        Assert.Throws<ArgumentOutOfRangeException>(() => headers[1]);
    }
}
