using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Brook.Protocol.Errors;

namespace Brook.Producer.Internals;

/// <summary>Central throw sites, so hot methods stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBufferExhausted(long requestedBytes, long maxBlockMs, long totalMemory) =>
        throw BufferExhausted(requestedBytes, maxBlockMs, totalMemory);

    public static BufferExhaustedException BufferExhausted(long requestedBytes, long maxBlockMs, long totalMemory) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"buffer.memory exhausted for max.block.ms: waited {maxBlockMs} ms for {requestedBytes} bytes of the {totalMemory}-byte buffer.memory. Records are produced faster than the brokers accept them; raise buffer.memory or max.block.ms, or slow the producer down."));

    [DoesNotReturn]
    public static void ThrowRecordTooLarge(long recordBytes, string limitKey, long limit) =>
        throw new RecordTooLargeException(string.Create(
            CultureInfo.InvariantCulture,
            $"The record is {recordBytes} bytes when serialized, larger than {limitKey}={limit}. Raise {limitKey} (and the topic's max.message.bytes) or send a smaller record."));

    [DoesNotReturn]
    public static void ThrowTimeout(string message) => throw new KafkaTimeoutException(message);

    [DoesNotReturn]
    public static void ThrowFatal(ErrorCode errorCode, string? message = null) => throw new FatalException(errorCode, message);

    [DoesNotReturn]
    public static void ThrowObjectDisposed(string what) => throw new ObjectDisposedException(what);
}
