using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Brook.Producer;

/// <summary>
/// Built-in serializers with the Java client's byte layouts (<c>org.apache.kafka.common.serialization</c>):
/// numbers big-endian, strings UTF-8. Each is a stateless singleton.
/// </summary>
public static class Serializers
{
    /// <summary>UTF-8 text (Java <c>StringSerializer</c>).</summary>
    public static ISerializer<string> Utf8 { get; } = new Utf8Serializer();

    /// <summary>The bytes as given (Java <c>ByteArraySerializer</c>).</summary>
    public static ISerializer<byte[]> ByteArray { get; } = new ByteArraySerializer();

    /// <summary>The bytes as given, from any memory (Java <c>ByteBufferSerializer</c>).</summary>
    public static ISerializer<ReadOnlyMemory<byte>> Memory { get; } = new MemorySerializer();

    /// <summary>The bytes as given, from any memory; a null is a Kafka null (the serializer never sees it).</summary>
    public static ISerializer<ReadOnlyMemory<byte>?> NullableMemory { get; } = new NullableMemorySerializer();

    /// <summary>4 bytes, big-endian (Java <c>IntegerSerializer</c>).</summary>
    public static ISerializer<int> Int32 { get; } = new Int32Serializer();

    /// <summary>8 bytes, big-endian (Java <c>LongSerializer</c>).</summary>
    public static ISerializer<long> Int64 { get; } = new Int64Serializer();

    /// <summary>2 bytes, big-endian (Java <c>ShortSerializer</c>).</summary>
    public static ISerializer<short> Int16 { get; } = new Int16Serializer();

    /// <summary>8 bytes, IEEE 754 big-endian (Java <c>DoubleSerializer</c>).</summary>
    public static ISerializer<double> Double { get; } = new DoubleSerializer();

    /// <summary>4 bytes, IEEE 754 big-endian (Java <c>FloatSerializer</c>).</summary>
    public static ISerializer<float> Single { get; } = new SingleSerializer();

    /// <summary>
    /// 16 bytes in RFC 4122 order (Java <c>UUID</c> most- then least-significant long, big-endian). Note Java's
    /// <c>UUIDSerializer</c> writes the text form instead; use <see cref="GuidString"/> to match it.
    /// </summary>
    public static ISerializer<Guid> Guid { get; } = new GuidSerializer();

    /// <summary>The 36-character lowercase text form in UTF-8 (Java <c>UUIDSerializer</c>).</summary>
    public static ISerializer<Guid> GuidString { get; } = new GuidStringSerializer();

    /// <summary>Writes nothing; with <see cref="Producer.Null"/> keys or values the producer sends a Kafka null.</summary>
    public static ISerializer<Null> Null { get; } = new NullSerializer();

    private sealed class Utf8Serializer : ISerializer<string>
    {
        public void Serialize(string data, IBufferWriter<byte> output, SerializationContext context)
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(data.Length));
            output.Advance(Encoding.UTF8.GetBytes(data, span));
        }
    }

    private sealed class ByteArraySerializer : ISerializer<byte[]>
    {
        public void Serialize(byte[] data, IBufferWriter<byte> output, SerializationContext context) => output.Write(data);
    }

    private sealed class MemorySerializer : ISerializer<ReadOnlyMemory<byte>>
    {
        public void Serialize(ReadOnlyMemory<byte> data, IBufferWriter<byte> output, SerializationContext context) => output.Write(data.Span);
    }

    private sealed class NullableMemorySerializer : ISerializer<ReadOnlyMemory<byte>?>
    {
        public void Serialize(ReadOnlyMemory<byte>? data, IBufferWriter<byte> output, SerializationContext context) => output.Write(data.GetValueOrDefault().Span);
    }

    private sealed class Int32Serializer : ISerializer<int>
    {
        public void Serialize(int data, IBufferWriter<byte> output, SerializationContext context)
        {
            BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), data);
            output.Advance(4);
        }
    }

    private sealed class Int64Serializer : ISerializer<long>
    {
        public void Serialize(long data, IBufferWriter<byte> output, SerializationContext context)
        {
            BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), data);
            output.Advance(8);
        }
    }

    private sealed class Int16Serializer : ISerializer<short>
    {
        public void Serialize(short data, IBufferWriter<byte> output, SerializationContext context)
        {
            BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), data);
            output.Advance(2);
        }
    }

    private sealed class DoubleSerializer : ISerializer<double>
    {
        public void Serialize(double data, IBufferWriter<byte> output, SerializationContext context)
        {
            BinaryPrimitives.WriteDoubleBigEndian(output.GetSpan(8), data);
            output.Advance(8);
        }
    }

    private sealed class SingleSerializer : ISerializer<float>
    {
        public void Serialize(float data, IBufferWriter<byte> output, SerializationContext context)
        {
            BinaryPrimitives.WriteSingleBigEndian(output.GetSpan(4), data);
            output.Advance(4);
        }
    }

    private sealed class GuidSerializer : ISerializer<Guid>
    {
        public void Serialize(Guid data, IBufferWriter<byte> output, SerializationContext context)
        {
            data.TryWriteBytes(output.GetSpan(16), bigEndian: true, out _);
            output.Advance(16);
        }
    }

    private sealed class GuidStringSerializer : ISerializer<Guid>
    {
        public void Serialize(Guid data, IBufferWriter<byte> output, SerializationContext context)
        {
            data.TryFormat(output.GetSpan(36), out var written, "D");
            output.Advance(written);
        }
    }

    private sealed class NullSerializer : ISerializer<Null>
    {
        public void Serialize(Null data, IBufferWriter<byte> output, SerializationContext context)
        {
        }
    }
}
