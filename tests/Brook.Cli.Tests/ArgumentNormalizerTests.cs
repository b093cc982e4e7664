namespace Brook.Cli.Tests;

public sealed class ArgumentNormalizerTests
{
    [Fact]
    public void Normalize_ExpandsMultiValueProducerProps()
    {
        var args = ArgumentNormalizer.Normalize(["perf", "--producer-props", "acks=all", "linger.ms=5", "--sequenced"]);
        Assert.Equal(["perf", "--producer-props", "acks=all", "--producer-props", "linger.ms=5", "--sequenced"], args);
    }

    [Fact]
    public void Normalize_MapsKafkaConfigFlagSpelling()
    {
        Assert.Equal(["perf", "--producer-config", "f"], ArgumentNormalizer.Normalize(["perf", "--producer.config", "f"]));
        Assert.Equal(["perf", "--producer-config=f"], ArgumentNormalizer.Normalize(["perf", "--producer.config=f"]));
    }

    [Fact]
    public void Normalize_LeavesOtherArgumentsAlone()
    {
        string[] args = ["produce", "--header", "a=b", "--header", "c=d", "--topic", "t"];
        Assert.Equal(args, ArgumentNormalizer.Normalize(args));
    }
}
