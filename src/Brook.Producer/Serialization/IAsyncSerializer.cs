using System.Buffers;

namespace Brook.Producer;

/// <summary>
/// An asynchronous serializer, for formats that need I/O (a schema registry lookup). The output buffer stays valid
/// until the returned task completes. A null key or value is written as a Kafka null without calling it.
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
public interface IAsyncSerializer<in T>
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="output"/>.</summary>
    /// <param name="data">The non-null value to write.</param>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="context">The topic, component and headers.</param>
    /// <param name="cancellationToken">Cancels the serialization (the send then fails with <see cref="OperationCanceledException"/>).</param>
    /// <returns>A task that completes when every byte is written.</returns>
    ValueTask SerializeAsync(T data, IBufferWriter<byte> output, SerializationContext context, CancellationToken cancellationToken = default);
}
