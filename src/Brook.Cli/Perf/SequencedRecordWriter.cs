using System.Text;

namespace Brook.Cli.Perf;

/// <summary>
/// Writes <c>brook perf --sequenced</c> records into reusable buffers: the value is
/// <c>&lt;stream&gt;-&lt;sequence as 10 zero-padded digits&gt;|&lt;filler&gt;</c>, exactly the record size; the key is the
/// 10-digit sequence. Only the 10 digits change per record, so nothing is allocated. The buffers are overwritten by
/// the next <see cref="Write"/>: the producer must copy them before it returns (as every Kafka producer does at send).
/// </summary>
internal sealed class SequencedRecordWriter
{
    /// <summary>Digits of the sequence field.</summary>
    public const int SequenceDigits = 10;

    /// <summary>Largest sequence the field can hold.</summary>
    public const long MaxSequence = 9_999_999_999;

    /// <summary>Filler byte after the '|'.</summary>
    public const byte Filler = (byte)'x';

    private readonly byte[] _value;
    private readonly byte[] _key = new byte[SequenceDigits];
    private readonly int _digitsAt;

    /// <summary>Prepares the buffers for one stream.</summary>
    /// <exception cref="ArgumentException">The stream id is empty or not letters/digits, or the record size cannot hold the header.</exception>
    public SequencedRecordWriter(string stream, int recordSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        foreach (var c in stream)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new ArgumentException($"The stream id '{stream}' may hold only ASCII letters and digits.", nameof(stream));
            }
        }

        var header = HeaderLength(stream);
        if (recordSize < header)
        {
            throw new ArgumentException(
                $"--record-size {recordSize} is too small for --sequenced: the value '{stream}-{new string('0', SequenceDigits)}|' needs at least {header} bytes.",
                nameof(recordSize));
        }

        Stream = stream;
        _value = new byte[recordSize];
        Encoding.ASCII.GetBytes(stream, _value);
        _digitsAt = stream.Length + 1;
        _value[stream.Length] = (byte)'-';
        _value[_digitsAt + SequenceDigits] = (byte)'|';
        _value.AsSpan(header).Fill(Filler);
        Write(0);
    }

    /// <summary>The per-run stream id.</summary>
    public string Stream { get; }

    /// <summary>The current value (the whole record size).</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>The current key: the 10-digit sequence.</summary>
    public ReadOnlyMemory<byte> Key => _key;

    /// <summary>Bytes before the filler for <paramref name="stream"/>: stream, '-', 10 digits, '|'.</summary>
    public static int HeaderLength(string stream) => (stream?.Length ?? 0) + SequenceDigits + 2;

    /// <summary>A fresh stream id (<c>p</c> + 6 hex digits) from the run's random source.</summary>
    public static string NewStreamId(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return "p" + random.Next(0, 1 << 24).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rewrites the sequence digits of key and value.</summary>
    public void Write(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        var digits = _value.AsSpan(_digitsAt, SequenceDigits);
        for (var i = SequenceDigits - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (int)(sequence % 10));
            sequence /= 10;
        }

        digits.CopyTo(_key);
    }
}
