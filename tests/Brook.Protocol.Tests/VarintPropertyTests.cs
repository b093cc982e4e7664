using Brook.Protocol.Primitives;
using CsCheck;

namespace Brook.Protocol.Tests;

/// <summary>Property tests for <see cref="Varint"/>: every value round-trips and arbitrary bytes never throw.</summary>
public sealed class VarintPropertyTests
{
    [Fact]
    public void ZigZagInt_AnyValue_RoundTripsWithPredictedSize()
    {
        Gen.Int.Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
            var written = Varint.Write(buffer, value);
            Assert.Equal(Varint.SizeOf(value), written);
            Assert.Equal(VarintStatus.Done, Varint.TryRead(buffer[..written], out int read, out var consumed));
            Assert.Equal(value, read);
            Assert.Equal(written, consumed);

            // Every strict prefix is a partial frame, never a value or an error.
            for (var i = 0; i < written; i++)
            {
                Assert.Equal(VarintStatus.NeedMoreData, Varint.TryRead(buffer[..i], out int _, out _));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void ZigZagLong_AnyValue_RoundTripsWithPredictedSize()
    {
        Gen.Long.Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
            var written = Varint.Write(buffer, value);
            Assert.Equal(Varint.SizeOf(value), written);
            Assert.Equal(VarintStatus.Done, Varint.TryRead(buffer[..written], out long read, out var consumed));
            Assert.Equal(value, read);
            Assert.Equal(written, consumed);
        }, iter: 20_000);
    }

    [Fact]
    public void UnsignedInt_AnyValue_RoundTripsAndPreservesOrderOfSizes()
    {
        Gen.UInt.Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
            var written = Varint.WriteUnsigned(buffer, value);
            Assert.Equal(Varint.SizeOfUnsigned(value), written);
            Assert.Equal(VarintStatus.Done, Varint.TryReadUnsigned(buffer[..written], out uint read, out _));
            Assert.Equal(value, read);

            // Minimal encoding: 7 payload bits per byte, so the size is fixed by the highest set bit.
            var expected = value == 0 ? 1 : ((32 - System.Numerics.BitOperations.LeadingZeroCount(value) + 6) / 7);
            Assert.Equal(expected, written);
        }, iter: 20_000);
    }

    [Fact]
    public void TryRead_ArbitraryBytes_NeverThrowsAndConsumesWithinBounds()
    {
        Gen.Byte.Array[0, 12].Sample(bytes =>
        {
            var status32 = Varint.TryReadUnsigned(bytes, out uint _, out var read32);
            Assert.True(status32 != VarintStatus.Done || (read32 >= 1 && read32 <= Varint.MaxLength32 && read32 <= bytes.Length));
            var status64 = Varint.TryReadUnsigned(bytes, out ulong _, out var read64);
            Assert.True(status64 != VarintStatus.Done || (read64 >= 1 && read64 <= Varint.MaxLength64 && read64 <= bytes.Length));
        }, iter: 50_000);
    }
}
