using System.Buffers;

namespace Brook.Producer;

/// <summary>
/// Writes a key or value straight into the producer's buffer, with no intermediate <c>byte[]</c>.
/// A null key or value is written as a Kafka null without calling the serializer. Implementations must be
/// thread-safe: the producer calls them from every sending thread.
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
public interface ISerializer<in T>
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="output"/>.</summary>
    /// <param name="data">The non-null value to write.</param>
    /// <param name="output">Where the bytes go; call <c>GetSpan</c>/<c>Advance</c> as usual.</param>
    /// <param name="context">The topic, component and headers.</param>
    void Serialize(T data, IBufferWriter<byte> output, SerializationContext context);
}
