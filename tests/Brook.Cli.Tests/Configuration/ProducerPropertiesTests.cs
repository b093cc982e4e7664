using Brook.Cli.Configuration;
using Brook.Producer;

namespace Brook.Cli.Tests.Configuration;

public sealed class ProducerPropertiesTests
{
    [Fact]
    public void Merge_PropsOverrideFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "acks=1\nlinger.ms=100\n");
            var merged = ProducerProperties.Merge(file, ["linger.ms=5", "batch.size=65536"]);
            Assert.Equal("1", merged["acks"]);
            Assert.Equal("5", merged["linger.ms"]);
            Assert.Equal("65536", merged["batch.size"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Resolve_ValidatesThroughProducerOptions()
    {
        var (props, options) = ProducerProperties.Resolve(null, ["linger.ms=7"], "127.0.0.1:9092");
        Assert.Equal("127.0.0.1:9092", props["bootstrap.servers"]);
        Assert.Equal(7, options.LingerMs);
    }

    [Fact]
    public void Resolve_UnknownKey_NamesNearestKey()
    {
        var ex = Assert.Throws<ProducerConfigurationException>(() => ProducerProperties.Resolve(null, ["lingr.ms=5"], null));
        Assert.Contains("Did you mean 'linger.ms'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePair_WithoutEquals_Throws()
    {
        var ex = Assert.Throws<CliException>(() => ProducerProperties.ParsePair("acks", "--producer-props"));
        Assert.Contains("key=value", ex.Message, StringComparison.Ordinal);
    }
}
