using Brook.Cli.Configuration;

namespace Brook.Cli.Tests.Configuration;

public sealed class PropertiesFileTests
{
    [Fact]
    public void Parse_ReadsPairsSkippingCommentsAndBlanks()
    {
        var text = "# producer\n! also a comment\n\n  acks = all\nlinger.ms=5\r\ncompression.type:lz4\nclient.id=a=b\n";
        var props = PropertiesFile.Parse(text, "p.properties");
        Assert.Equal(4, props.Count);
        Assert.Equal("all", props["acks"]);
        Assert.Equal("5", props["linger.ms"]);
        Assert.Equal("lz4", props["compression.type"]);
        Assert.Equal("a=b", props["client.id"]);
    }

    [Fact]
    public void Parse_JoinsContinuedLinesAndLaterKeysWin()
    {
        var props = PropertiesFile.Parse("bootstrap.servers=a:1,\\\n   b:2\nacks=1\nacks=all", "f");
        Assert.Equal("a:1,b:2", props["bootstrap.servers"]);
        Assert.Equal("all", props["acks"]);
    }

    [Fact]
    public void Parse_LineWithoutSeparator_NamesFileAndLine()
    {
        var ex = Assert.Throws<FormatException>(() => PropertiesFile.Parse("acks=all\nlinger.ms\n", "my.properties"));
        Assert.Equal("my.properties:2: expected 'key=value', got 'linger.ms'.", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => PropertiesFile.Load("/no/such/file.properties"));
        Assert.Contains("/no/such/file.properties", ex.Message, StringComparison.Ordinal);
    }
}
