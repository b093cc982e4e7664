using Brook.Protocol.Messages;

namespace Brook.Protocol.Tests;

/// <summary>Every generated message in every valid version: seeded random values survive encode → decode → encode.</summary>
public sealed class MessageRoundTripTests
{
    public static TheoryData<string, short> AllMessageVersions()
    {
        var data = new TheoryData<string, short>();
        foreach (var (name, version) in MessageModel.AllVersions())
        {
            data.Add(name, version);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllMessageVersions))]
    public void RoundTrip_RandomValues_DecodeEqualAndReencodeIdentically(string name, short version)
    {
        var spec = MessageModel.Spec(name);
        // The same draws every run (HashCode.Combine is randomised per process): a failure here reproduces.
        var rng = new Random((name.Length * 31 * 31) + (name[0] * 31) + name[^1] + (version << 16));
        for (var i = 0; i < 25; i++)
        {
            var original = MessageModel.Random(spec, version, rng);
            var bytes = MessageModel.Encode(original, version);
            var decoded = MessageModel.Decode(spec, bytes, version);
            MessageModel.AssertEqual(spec, original, decoded, version);
            Assert.Equal(bytes, MessageModel.Encode(decoded, version));
        }
    }

    [Theory]
    [MemberData(nameof(AllMessageVersions))]
    public void RoundTrip_Defaults_DecodeToDefaults(string name, short version)
    {
        var spec = MessageModel.Spec(name);
        var message = (IProtocolMessage)Activator.CreateInstance(MessageModel.ClassOf(name))!;
        var bytes = MessageModel.Encode(message, version);
        var decoded = MessageModel.Decode(spec, bytes, version);
        MessageModel.AssertEqual(spec, message, decoded, version);
    }

    [Fact]
    public void Registry_CoversEveryRequestAndResponseDefinition()
    {
        var expected = MessageModel.Specs.Where(s => s.IsRequest || s.IsResponse).Select(s => s.Name).Order().ToArray();
        Assert.Equal(expected, MessageRegistry.All.Select(m => m.Name).Order().ToArray());
        foreach (var info in MessageRegistry.All)
        {
            var message = info.Create();
            Assert.Equal(info.Key, message.ApiKey);
            Assert.Equal(info.LowestVersion, message.LowestSupportedVersion);
            Assert.Equal(info.HighestVersion, message.HighestSupportedVersion);
            Assert.Equal(info.IsRequest, message is IApiRequest);
        }
    }

    [Fact]
    public void Registry_AgreesWithSupportedApisOnFlexibility()
    {
        foreach (var info in MessageRegistry.All)
        {
            if (!SupportedApis.TryGet(info.Key, out var range))
            {
                continue;
            }

            for (var v = range.MinVersion; v <= range.MaxVersion; v++)
            {
                Assert.True(info.IsValidVersion(v), $"{info.Name} lacks advertised version {v}");
                Assert.Equal(range.IsFlexible(v), info.IsFlexible(v));
            }
        }
    }

    [Fact]
    public void Write_NonIgnorableFieldAtVersionWithoutIt_Throws()
    {
        var request = new ProduceRequest { TransactionalId = "txn" };
        var ex = Assert.Throws<InvalidOperationException>(() => MessageModel.Encode(request, 2));
        Assert.Contains("ProduceRequest.TransactionalId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3+", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IgnorableFieldAtVersionWithoutIt_IsDropped()
    {
        var request = new ApiVersionsRequest { ClientSoftwareName = "brook" };
        Assert.Empty(MessageModel.Encode(request, 2));
    }

    [Fact]
    public void Write_NullWhereVersionIsNotNullable_Throws()
    {
        var request = new MetadataRequest { Topics = null };
        var ex = Assert.Throws<InvalidOperationException>(() => MessageModel.Encode(request, 0));
        Assert.Contains("MetadataRequest.Topics", ex.Message, StringComparison.Ordinal);
        Assert.Equal([0xff, 0xff, 0xff, 0xff], MessageModel.Encode(request, 1));
    }

    [Fact]
    public void Write_VersionOutsideRange_ThrowsNamingTheRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MessageModel.Encode(new FetchRequest(), 3));
        Assert.Contains("4-12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_VersionOutsideRange_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => MessageModel.Decode(MessageModel.Spec("ProduceRequest"), [], 12));
    }

    [Fact]
    public void Read_Records_IsZeroCopySliceOfTheFrame()
    {
        var request = new ProduceRequest
        {
            TopicData = [new() { Name = "t", PartitionData = [new() { Index = 0, Records = new byte[] { 1, 2, 3 } }] }],
        };
        var bytes = MessageModel.Encode(request, 9);
        var reader = new Primitives.ProtocolReader(bytes);
        var decoded = ProduceRequest.Read(ref reader, 9);
        var records = decoded.TopicData[0].PartitionData[0].Records!.Value;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(records, out var segment));
        Assert.Same(bytes, segment.Array);
    }
}
