using System.Text;

namespace Brook.Cli.Verify;

/// <summary>
/// Checks records written by <c>brook perf --sequenced</c> (<c>&lt;stream&gt;-&lt;10 digits&gt;|&lt;filler&gt;</c>, key =
/// the digits): counts records, duplicates per (stream, sequence), sequences missing below each stream's highest,
/// records that arrive in a partition below a sequence that partition already holds for the stream (the producer
/// sends a stream in order, so each partition's share must rise), values that do not parse and keys that do not
/// match. Feed records in offset order per partition. One reader thread; a bit per sequence per stream.
/// </summary>
internal sealed class SequenceChecker
{
    private readonly Dictionary<string, StreamState> _streams = new(StringComparer.Ordinal);
    private StreamState? _last;
    private long _records;
    private long _malformed;
    private long _keyMismatches;

    /// <summary>Records fed so far.</summary>
    public long Records => _records;

    /// <summary>Checks one record.</summary>
    public void Add(int partition, long offset, ReadOnlySpan<byte> key, bool hasKey, ReadOnlySpan<byte> value)
    {
        _ = offset;
        _records++;
        if (!TryParse(value, out var stream, out var sequence))
        {
            _malformed++;
            return;
        }

        if (hasKey && !key.SequenceEqual(value.Slice(stream.Length + 1, SequencedDigits)))
        {
            _keyMismatches++;
        }

        var state = Lookup(stream);
        if (!state.MarkSeen(sequence))
        {
            state.Duplicates++;
            return;
        }

        if (state.LastByPartition.TryGetValue(partition, out var last) && sequence < last)
        {
            state.OutOfOrder++;
        }
        else
        {
            state.LastByPartition[partition] = sequence;
        }
    }

    /// <summary>The verdict against <paramref name="expected"/> records.</summary>
    public VerifyResult Result(long expected)
    {
        long unique = 0, duplicates = 0, missing = 0, outOfOrder = 0;
        var gaps = new List<string>();
        foreach (var (name, s) in _streams)
        {
            unique += s.Distinct;
            duplicates += s.Duplicates;
            outOfOrder += s.OutOfOrder;
            missing += s.Max + 1 - s.Distinct;
            s.CollectGaps(name, gaps, VerifyResult.MaxGapsListed);
        }

        return new VerifyResult(expected, _records, unique, duplicates, missing, outOfOrder, _malformed, _keyMismatches, _streams.Count, gaps);
    }

    private const int SequencedDigits = 10;

    /// <summary>Parses <c>stream-dddddddddd|…</c>; the stream is everything before the last '-' ahead of the '|'.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> stream, out long sequence)
    {
        stream = default;
        sequence = -1;
        var bar = value.IndexOf((byte)'|');
        if (bar < SequencedDigits + 2 || value[bar - SequencedDigits - 1] != (byte)'-')
        {
            return false;
        }

        long seq = 0;
        foreach (var b in value.Slice(bar - SequencedDigits, SequencedDigits))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            seq = (seq * 10) + (b - '0');
        }

        stream = value[..(bar - SequencedDigits - 1)];
        sequence = seq;
        return true;
    }

    private StreamState Lookup(ReadOnlySpan<byte> stream)
    {
        if (_last is not null && stream.SequenceEqual(_last.NameBytes))
        {
            return _last;
        }

        var name = Encoding.ASCII.GetString(stream);
        if (!_streams.TryGetValue(name, out var state))
        {
            state = new StreamState(stream.ToArray());
            _streams.Add(name, state);
        }

        _last = state;
        return state;
    }

    private sealed class StreamState(byte[] nameBytes)
    {
        private ulong[] _seen = new ulong[16];

        public byte[] NameBytes { get; } = nameBytes;

        public Dictionary<int, long> LastByPartition { get; } = [];

        public long Distinct { get; private set; }

        public long Max { get; private set; } = -1;

        public long Duplicates { get; set; }

        public long OutOfOrder { get; set; }

        public bool MarkSeen(long sequence)
        {
            var word = (int)(sequence >> 6);
            if (word >= _seen.Length)
            {
                Array.Resize(ref _seen, Math.Max(word + 1, _seen.Length * 2));
            }

            var bit = 1UL << (int)(sequence & 63);
            if ((_seen[word] & bit) != 0)
            {
                return false;
            }

            _seen[word] |= bit;
            Distinct++;
            Max = Math.Max(Max, sequence);
            return true;
        }

        public void CollectGaps(string name, List<string> into, int limit)
        {
            long start = -1;
            for (long s = 0; s <= Max + 1 && into.Count < limit; s++)
            {
                var seen = s <= Max && (_seen[s >> 6] & (1UL << (int)(s & 63))) != 0;
                if (!seen && s <= Max && start < 0)
                {
                    start = s;
                }
                else if ((seen || s > Max) && start >= 0)
                {
                    into.Add(start == s - 1 ? $"{name} {start}" : $"{name} {start}..{s - 1}");
                    start = -1;
                }
            }
        }
    }
}
