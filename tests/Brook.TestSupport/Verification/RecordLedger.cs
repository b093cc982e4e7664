using System.Globalization;
using System.Text;

namespace Brook.TestSupport.Verification;

/// <summary>
/// Issues self-describing records and checks what a reader got back: nothing lost, nothing duplicated, order kept
/// per (partition, stream), keys, values and headers intact. Every difference is reported precisely.
/// </summary>
/// <remarks>
/// Value layout (testing-with-peers.md): <c>&lt;stream&gt;-&lt;sequence, 10 zero-padded digits&gt;|&lt;filler&gt;</c>; the filler,
/// key and headers are pure functions of (stream, sequence), so a reader needs no copy of what was sent. Thread-safe.
/// </remarks>
public sealed partial class RecordLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _issued = new(StringComparer.Ordinal);
    private readonly HashSet<(string Stream, long Sequence)> _mayBeMissing = [];
    private readonly List<ObservedRecord> _observed = [];

    /// <summary>Creates a ledger.</summary>
    /// <param name="fillerBytes">Filler length after the <c>|</c>, 0 or more.</param>
    /// <param name="keyed">Whether records carry a key (<c>&lt;stream&gt;-&lt;sequence&gt;</c>) to spread them over partitions.</param>
    /// <param name="headerCount">Headers per record (<c>h0</c>, <c>h1</c>, ...).</param>
    public RecordLedger(int fillerBytes = 32, bool keyed = false, int headerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillerBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(headerCount);
        FillerBytes = fillerBytes;
        Keyed = keyed;
        HeaderCount = headerCount;
    }

    /// <summary>Filler length of every issued value.</summary>
    public int FillerBytes { get; }

    /// <summary>Whether issued records carry keys.</summary>
    public bool Keyed { get; }

    /// <summary>Headers per issued record.</summary>
    public int HeaderCount { get; }

    /// <summary>Records issued so far, all streams.</summary>
    public long IssuedCount
    {
        get
        {
            lock (_gate)
            {
                long total = 0;
                foreach (var count in _issued.Values)
                {
                    total += count;
                }

                return total;
            }
        }
    }

    /// <summary>Records observed so far.</summary>
    public int ObservedCount
    {
        get
        {
            lock (_gate)
            {
                return _observed.Count;
            }
        }
    }

    /// <summary>Issues the next record of <paramref name="stream"/> (letters, digits, '.', '_'; no '-').</summary>
    public LedgerRecord Next(string stream)
    {
        ValidateStream(stream);
        long sequence;
        lock (_gate)
        {
            _issued.TryGetValue(stream, out sequence);
            _issued[stream] = sequence + 1;
        }

        return Build(stream, sequence);
    }

    /// <summary>
    /// Notes that the producer reported <paramref name="record"/> as failed, so a reader may or may not see it
    /// (a failed-but-appended record is legal), but still at most once and in order.
    /// </summary>
    public void MarkMayBeMissing(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _mayBeMissing.Add((record.Stream, record.Sequence));
        }
    }

    /// <summary>Records what a reader got back. Call in any order; verification sorts by (partition, offset).</summary>
    public void Observe(ObservedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _observed.Add(record);
        }
    }

    /// <summary>The expected value bytes for (stream, sequence).</summary>
    public byte[] ExpectedValue(string stream, long sequence)
    {
        var prefix = Encoding.UTF8.GetBytes(FormatPrefix(stream, sequence));
        var value = new byte[prefix.Length + FillerBytes];
        prefix.CopyTo(value, 0);
        for (var i = 0; i < FillerBytes; i++)
        {
            value[prefix.Length + i] = FillerByte(sequence, i);
        }

        return value;
    }

    /// <summary>Parses <c>&lt;stream&gt;-&lt;10 digits&gt;|</c> at the start of a value; false when it is not one of ours.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out string stream, out long sequence)
    {
        stream = string.Empty;
        sequence = -1;
        var bar = value.IndexOf((byte)'|');
        if (bar < 12)
        {
            return false;
        }

        var dash = bar - 11;
        if (value[dash] != (byte)'-')
        {
            return false;
        }

        long parsed = 0;
        for (var i = dash + 1; i < bar; i++)
        {
            var digit = value[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            parsed = (parsed * 10) + digit;
        }

        stream = Encoding.UTF8.GetString(value[..dash]);
        sequence = parsed;
        return stream.Length > 0;
    }

    private LedgerRecord Build(string stream, long sequence)
    {
        var key = Keyed ? ExpectedKey(stream, sequence) : null;
        return new LedgerRecord(stream, sequence, key, ExpectedValue(stream, sequence), ExpectedHeaders(stream, sequence));
    }

    private static byte[] ExpectedKey(string stream, long sequence) =>
        Encoding.UTF8.GetBytes(stream + "-" + sequence.ToString(CultureInfo.InvariantCulture));

    private KeyValuePair<string, byte[]>[] ExpectedHeaders(string stream, long sequence)
    {
        var headers = new KeyValuePair<string, byte[]>[HeaderCount];
        for (var h = 0; h < HeaderCount; h++)
        {
            headers[h] = new KeyValuePair<string, byte[]>(
                "h" + h.ToString(CultureInfo.InvariantCulture),
                Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{stream}:{sequence}:{h}")));
        }

        return headers;
    }

    private static string FormatPrefix(string stream, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{stream}-{sequence:D10}|");

    private static byte FillerByte(long sequence, int index) => (byte)('a' + ((sequence + index) % 26));

    private static void ValidateStream(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        foreach (var c in stream)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_'))
            {
                throw new ArgumentException(
                    $"Stream name '{stream}' has '{c}'; use ASCII letters, digits, '.' or '_' so values stay parseable.",
                    nameof(stream));
            }
        }
    }
}
