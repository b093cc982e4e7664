namespace Brook.Producer;

/// <summary>The serializer used when none is set, by type (Confluent.Kafka's defaults).</summary>
internal static class DefaultSerializers
{
    /// <summary>The built-in serializer for <typeparamref name="T"/>, or null.</summary>
    public static ISerializer<T>? For<T>()
    {
        object? serializer = typeof(T) switch
        {
            var t when t == typeof(string) => Serializers.Utf8,
            var t when t == typeof(byte[]) => Serializers.ByteArray,
            var t when t == typeof(ReadOnlyMemory<byte>) => Serializers.Memory,
            var t when t == typeof(ReadOnlyMemory<byte>?) => Serializers.NullableMemory,
            var t when t == typeof(Null) => Serializers.Null,
            var t when t == typeof(int) => Serializers.Int32,
            var t when t == typeof(long) => Serializers.Int64,
            var t when t == typeof(short) => Serializers.Int16,
            var t when t == typeof(double) => Serializers.Double,
            var t when t == typeof(float) => Serializers.Single,
            var t when t == typeof(Guid) => Serializers.Guid,
            _ => null,
        };
        return serializer as ISerializer<T>;
    }
}
