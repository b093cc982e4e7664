using System.Buffers;

namespace Brook.Producer.Serialization;

/// <summary>Presents a synchronous serializer as an asynchronous one, completing synchronously without allocating.</summary>
/// <typeparam name="T">The type serialized.</typeparam>
internal sealed class SyncOverAsyncSerializer<T>(ISerializer<T> inner) : IAsyncSerializer<T>
{
    /// <inheritdoc />
    public ValueTask SerializeAsync(T data, IBufferWriter<byte> output, SerializationContext context, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Serialize(data, output, context);
        return ValueTask.CompletedTask;
    }
}
