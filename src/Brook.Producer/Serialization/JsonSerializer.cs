using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Brook.Producer;

/// <summary>
/// UTF-8 JSON through System.Text.Json, written straight into the producer's buffer. Prefer the
/// <see cref="JsonTypeInfo{T}"/> constructor (source-generated, trimming- and AOT-safe).
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
public sealed class JsonSerializer<T> : ISerializer<T>
{
    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    [ThreadStatic]
    private static JsonSerializer<T>? _threadOwner;

    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly JsonWriterOptions _writerOptions;

    /// <summary>Creates a serializer from source-generated metadata, e.g. <c>MyContext.Default.Order</c>.</summary>
    public JsonSerializer(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _typeInfo = typeInfo;
        _writerOptions = WriterOptions(typeInfo.Options);
    }

    /// <summary>Creates a reflection-based serializer (not trimming- or AOT-safe).</summary>
    /// <param name="options">Serializer options; null uses <see cref="JsonSerializerOptions.Default"/>.</param>
    [RequiresUnreferencedCode("Reflection-based JSON; use the JsonTypeInfo<T> constructor for trimming.")]
    [RequiresDynamicCode("Reflection-based JSON; use the JsonTypeInfo<T> constructor for AOT.")]
    public JsonSerializer(JsonSerializerOptions? options = null)
    {
        var resolved = options ?? JsonSerializerOptions.Default;
        resolved.MakeReadOnly(populateMissingResolver: true);
        _typeInfo = (JsonTypeInfo<T>)resolved.GetTypeInfo(typeof(T));
        _writerOptions = WriterOptions(resolved);
    }

    /// <inheritdoc />
    public void Serialize(T data, IBufferWriter<byte> output, SerializationContext context)
    {
        // One writer per thread (per serializer), re-pointed at each output, so steady state allocates nothing.
        var writer = _threadWriter;
        if (writer is null || !ReferenceEquals(_threadOwner, this))
        {
            writer = new Utf8JsonWriter(output, _writerOptions);
            _threadWriter = writer;
            _threadOwner = this;
        }
        else
        {
            writer.Reset(output);
        }

        try
        {
            System.Text.Json.JsonSerializer.Serialize(writer, data, _typeInfo);
            writer.Flush();
        }
        finally
        {
            writer.Reset(NullBufferWriter.Instance);
        }
    }

    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        MaxDepth = options.MaxDepth,
        SkipValidation = true,
    };

    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Array.Empty<byte>();

        public Span<byte> GetSpan(int sizeHint = 0) => [];
    }
}
