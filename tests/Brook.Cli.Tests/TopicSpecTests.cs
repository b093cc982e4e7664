using Brook.Cli.Engines;

namespace Brook.Cli.Tests;

public sealed class TopicSpecTests
{
    [Theory]
    [InlineData("orders", "orders", 6, 3)]
    [InlineData("orders:12", "orders", 12, 3)]
    [InlineData("orders:12:1", "orders", 12, 1)]
    public void Parse_FillsMissingPartsFromDefaults(string text, string name, int partitions, int rf)
    {
        Assert.Equal(new TopicSpec(name, partitions, rf), TopicSpec.Parse(text, 6, 3));
    }

    [Theory]
    [InlineData(":3")]
    [InlineData("t:x")]
    [InlineData("t:0")]
    [InlineData("t:1:2:3")]
    public void Parse_Bad_ThrowsUsageError(string text)
    {
        var ex = Assert.Throws<CliException>(() => TopicSpec.Parse(text, 6, 3));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }
}
