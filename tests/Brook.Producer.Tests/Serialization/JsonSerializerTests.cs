using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brook.Producer.Tests.Serialization;

public sealed record Order(string Id, int Quantity);

[JsonSerializable(typeof(Order))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class OrderJsonContext : JsonSerializerContext;

public sealed class JsonSerializerTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "orders");

    [Fact]
    public void Serialize_WithSourceGeneratedTypeInfo_WritesJson()
    {
        var serializer = new JsonSerializer<Order>(OrderJsonContext.Default.Order);
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Order("a1", 3), buffer, Context);
        Assert.Equal("{\"id\":\"a1\",\"quantity\":3}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Serialize_Twice_ReusesWriterAndWritesToEachOutput()
    {
        var serializer = new JsonSerializer<Order>(OrderJsonContext.Default.Order);
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Order("a", 1), first, Context);
        serializer.Serialize(new Order("b", 2), second, Context);
        Assert.Equal("{\"id\":\"a\",\"quantity\":1}", Encoding.UTF8.GetString(first.WrittenSpan));
        Assert.Equal("{\"id\":\"b\",\"quantity\":2}", Encoding.UTF8.GetString(second.WrittenSpan));
    }

    [Fact]
    public void Serialize_WithReflectionOptions_HonoursNamingPolicy()
    {
        var serializer = new JsonSerializer<Order>(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper });
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(new Order("x", 9), buffer, Context);
        Assert.Equal("{\"ID\":\"x\",\"QUANTITY\":9}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
