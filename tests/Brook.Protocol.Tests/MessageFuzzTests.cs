using System.Buffers.Binary;
using System.Diagnostics;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

/// <summary>
/// Garbage only throws <see cref="ProtocolException"/>: random and mutated frames (truncations, bit flips, forged
/// lengths) fed to every decoder in every version must end in that exception or a valid result, never another
/// exception, a hang, or an allocation beyond a small multiple of the frame.
/// </summary>
public sealed class MessageFuzzTests
{
    private const int FramesPerVersion = 1100;

    // Decoding allocates the message objects, lists, strings and copied bytes. A frame of n bytes can hold at most n
    // array elements, so objects are bounded per input byte; this bound is that multiple plus fixed overhead.
    private const int AllocationPerByte = 16;
    private const int AllocationOverhead = 16 * 1024;

    [Fact]
    public void Decode_RandomAndMutatedFrames_OnlyThrowsProtocolException()
    {
        var rng = new Random(20261126);
        var total = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (name, version) in MessageModel.AllVersions())
        {
            var spec = MessageModel.Spec(name);
            var decode = MessageModel.DecoderOf(spec);
            var seeds = Enumerable.Range(0, 8).Select(_ => MessageModel.Encode(MessageModel.Random(spec, version, rng), version)).ToArray();
            for (var i = 0; i < FramesPerVersion; i++)
            {
                var frame = Mutate(seeds[i % seeds.Length], rng);
                DecodeOne(decode, frame, version, name);
                total++;
            }
        }

        Assert.True(total >= 100_000, $"only {total} frames");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(2), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Decode_ForgedHugeArrayCount_ThrowsWithoutAllocating()
    {
        // ProduceRequest v3: TransactionalId null (ffff), Acks, TimeoutMs, then a TopicData count of 2^31-1.
        var frame = Convert.FromHexString("ffff" + "0001" + "00001388" + "7fffffff" + "0000");

        // Load the specs (MessageModel's type initializer parses every definition file) and warm the decode path
        // before measuring, so only the decode itself is counted whichever test touches MessageModel first.
        var spec = MessageModel.Spec("ProduceRequest");
        Assert.Throws<ProtocolException>(() => MessageModel.Decode(spec, frame, 3));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ProtocolException>(() => MessageModel.Decode(spec, frame, 3));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < AllocationOverhead);
    }

    private static void DecodeOne(MessageModel.Decoder decode, byte[] frame, short version, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var reader = new ProtocolReader(frame);
            decode(ref reader, version);
        }
        catch (ProtocolException)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{name} v{version} frame {Convert.ToHexString(frame)}: {ex}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > (AllocationPerByte * (long)frame.Length) + AllocationOverhead)
        {
            Assert.Fail($"{name} v{version} frame {Convert.ToHexString(frame)}: allocated {allocated} bytes for {frame.Length} bytes");
        }
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var frame = (byte[])valid.Clone();
        switch (rng.Next(6))
        {
            case 0: // pure garbage
                frame = new byte[rng.Next(0, 64)];
                rng.NextBytes(frame);
                return frame;
            case 1: // truncation
                return frame.AsSpan(0, rng.Next(0, frame.Length + 1)).ToArray();
            case 2: // bit flips
                for (var i = rng.Next(1, 4); i > 0 && frame.Length > 0; i--)
                {
                    frame[rng.Next(frame.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return frame;
            case 3: // forged int32/int16 length or count
                if (frame.Length >= 4)
                {
                    var at = rng.Next(frame.Length - 3);
                    int[] forged = [int.MaxValue, -1, -2, int.MinValue, 0x10000, frame.Length, 1 << 30];
                    BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(at), forged[rng.Next(forged.Length)]);
                }

                return frame;
            case 4: // forged varint length or count
                if (frame.Length >= 5)
                {
                    var at = rng.Next(frame.Length - 4);
                    byte[][] forged = [[0xff, 0xff, 0xff, 0xff, 0x07], [0x80, 0x80, 0x80, 0x80, 0x10], [0xfe, 0xff, 0x03], [0x00]];
                    var bytes = forged[rng.Next(forged.Length)];
                    bytes.CopyTo(frame.AsSpan(at));
                }

                return frame;
            default: // valid, or with trailing junk
                if (rng.Next(2) == 0)
                {
                    Array.Resize(ref frame, frame.Length + rng.Next(1, 8));
                }

                return frame;
        }
    }
}
