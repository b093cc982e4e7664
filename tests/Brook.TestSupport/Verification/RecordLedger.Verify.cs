using System.Globalization;
using System.Text;

namespace Brook.TestSupport.Verification;

/// <summary>Verification half of the ledger.</summary>
public sealed partial class RecordLedger
{
    /// <summary>Compares everything observed with everything issued; see <see cref="LedgerReport"/>.</summary>
    public LedgerReport Verify()
    {
        ObservedRecord[] observed;
        Dictionary<string, long> issued;
        HashSet<(string, long)> mayBeMissing;
        lock (_gate)
        {
            observed = [.. _observed];
            issued = new Dictionary<string, long>(_issued, StringComparer.Ordinal);
            mayBeMissing = [.. _mayBeMissing];
        }

        // Partition, then offset: the order a partition's log holds them in.
        Array.Sort(observed, static (a, b) => a.Partition != b.Partition
            ? a.Partition.CompareTo(b.Partition)
            : a.Offset.CompareTo(b.Offset));

        long total = 0;
        foreach (var count in issued.Values)
        {
            total += count;
        }

        var seenAt = new Dictionary<(string Stream, long Sequence), List<string>>();
        var lastInPartition = new Dictionary<(int Partition, string Stream), (long Sequence, long Offset)>();
        var report = new LedgerReport(total, observed.Length);
        ObservedRecord? previous = null;
        foreach (var record in observed)
        {
            var where = Position(record);
            if (previous is not null && previous.Partition == record.Partition && previous.Offset == record.Offset)
            {
                report.ReaderRepeats.Add(where);
                continue;
            }

            previous = record;
            if (record.Value is null || !TryParse(record.Value, out var stream, out var sequence))
            {
                report.Unexpected.Add($"{where}: value is not a ledger value: {Preview(record.Value)}");
                continue;
            }

            if (!issued.TryGetValue(stream, out var streamIssued) || sequence >= streamIssued)
            {
                report.Unexpected.Add($"{where}: {stream} #{sequence} was never issued (stream issued {streamIssued})");
                continue;
            }

            CheckContent(record, stream, sequence, where, report);

            if (!seenAt.TryGetValue((stream, sequence), out var positions))
            {
                positions = [];
                seenAt[(stream, sequence)] = positions;
            }

            positions.Add(where);

            if (lastInPartition.TryGetValue((record.Partition, stream), out var last) && sequence <= last.Sequence)
            {
                report.OutOfOrder.Add(
                    $"partition {record.Partition} stream {stream}: #{sequence} at offset {record.Offset} follows #{last.Sequence} at offset {last.Offset}");
            }

            lastInPartition[(record.Partition, stream)] = (sequence, record.Offset);
        }

        foreach (var (id, positions) in seenAt)
        {
            if (positions.Count > 1)
            {
                report.Duplicated.Add($"{id.Stream} #{id.Sequence} read {positions.Count} times: {string.Join(", ", positions)}");
            }
        }

        report.Duplicated.Sort(StringComparer.Ordinal);
        foreach (var (stream, count) in issued.OrderBy(static s => s.Key, StringComparer.Ordinal))
        {
            AddLostRanges(stream, count, seenAt, mayBeMissing, report.Lost);
        }

        report.Delivered = seenAt.Count;
        return report;
    }

    private void CheckContent(ObservedRecord record, string stream, long sequence, string where, LedgerReport report)
    {
        var expectedValue = ExpectedValue(stream, sequence);
        var value = record.Value!;
        if (!value.AsSpan().SequenceEqual(expectedValue))
        {
            var at = value.AsSpan().CommonPrefixLength(expectedValue);
            report.Corrupted.Add(
                $"{where} {stream} #{sequence}: value differs at byte {at} (length {value.Length}, expected {expectedValue.Length})");
            return;
        }

        var expectedKey = Keyed ? ExpectedKey(stream, sequence) : null;
        if (!BytesEqual(record.Key, expectedKey))
        {
            report.Corrupted.Add($"{where} {stream} #{sequence}: key {Preview(record.Key)}, expected {Preview(expectedKey)}");
            return;
        }

        var expectedHeaders = ExpectedHeaders(stream, sequence);
        if (record.Headers.Count != expectedHeaders.Length)
        {
            report.Corrupted.Add($"{where} {stream} #{sequence}: {record.Headers.Count} headers, expected {expectedHeaders.Length}");
            return;
        }

        for (var h = 0; h < expectedHeaders.Length; h++)
        {
            var got = record.Headers[h];
            if (got.Key != expectedHeaders[h].Key || !BytesEqual(got.Value, expectedHeaders[h].Value))
            {
                report.Corrupted.Add(
                    $"{where} {stream} #{sequence}: header {h} is {got.Key}={Preview(got.Value)}, expected {expectedHeaders[h].Key}={Preview(expectedHeaders[h].Value)}");
                return;
            }
        }
    }

    private static void AddLostRanges(
        string stream,
        long count,
        Dictionary<(string, long), List<string>> seenAt,
        HashSet<(string, long)> mayBeMissing,
        List<string> lost)
    {
        long rangeStart = -1;
        for (long sequence = 0; sequence <= count; sequence++)
        {
            var missing = sequence < count && !seenAt.ContainsKey((stream, sequence)) && !mayBeMissing.Contains((stream, sequence));
            if (missing && rangeStart < 0)
            {
                rangeStart = sequence;
            }
            else if (!missing && rangeStart >= 0)
            {
                var end = sequence - 1;
                lost.Add(end == rangeStart
                    ? string.Create(CultureInfo.InvariantCulture, $"{stream} #{rangeStart}")
                    : string.Create(CultureInfo.InvariantCulture, $"{stream} #{rangeStart}-#{end} ({end - rangeStart + 1} records)"));
                rangeStart = -1;
            }
        }
    }

    private static string Position(ObservedRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"p{record.Partition}@{record.Offset}");

    private static bool BytesEqual(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Preview(byte[]? bytes)
    {
        if (bytes is null)
        {
            return "null";
        }

        var shown = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 40));
        return bytes.Length > 40 ? $"'{shown}...' ({bytes.Length} bytes)" : $"'{shown}'";
    }
}
