using System.Text;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;

namespace Brook.Producer.Reading;

/// <summary>
/// Turns one partition's RECORDS from a Fetch response into <see cref="ReadRecord"/>s, as Kafka's consumer
/// (CompletedFetch) does: a trailing partial batch is skipped (the broker cuts at max bytes); control batches are never
/// returned; with an aborted-transactions list (read_committed), a transactional batch whose producer has an abort
/// starting at or before the batch's last offset is dropped until that producer's ABORT marker is passed; records below
/// the fetch offset (a compressed batch starting earlier) are skipped.
/// </summary>
internal static class FetchDecoder
{
    private static readonly IReadOnlyList<KeyValuePair<string, byte[]?>> NoHeaders = [];

    /// <summary>Appends the records at or after <paramref name="fetchOffset"/>; returns the next offset to fetch.</summary>
    /// <exception cref="Brook.Protocol.ProtocolException">A batch is corrupt (bad CRC, bad framing).</exception>
    public static long Decode(
        ReadOnlySpan<byte> records,
        int partition,
        long fetchOffset,
        List<FetchResponse.AbortedTransaction>? aborted,
        List<ReadRecord> output)
    {
        var next = fetchOffset;
        List<FetchResponse.AbortedTransaction>? pendingAborts = null;
        HashSet<long>? abortedProducers = null;
        var abortIndex = 0;
        if (aborted is { Count: > 0 })
        {
            pendingAborts = [.. aborted];
            pendingAborts.Sort(static (a, b) => a.FirstOffset.CompareTo(b.FirstOffset));
            abortedProducers = [];
        }

        foreach (var batch in new RecordBatchIterator(records))
        {
            var header = RecordBatchHeader.Read(batch);
            if (header.LastOffset < fetchOffset)
            {
                continue;
            }

            while (pendingAborts is not null && abortIndex < pendingAborts.Count && pendingAborts[abortIndex].FirstOffset <= header.LastOffset)
            {
                abortedProducers!.Add(pendingAborts[abortIndex].ProducerId);
                abortIndex++;
            }

            next = header.LastOffset + 1;
            if (header.IsControl)
            {
                if (abortedProducers is not null && IsAbortMarker(batch))
                {
                    abortedProducers.Remove(header.ProducerId);
                }

                continue;
            }

            if (header.IsTransactional && abortedProducers is not null && abortedProducers.Contains(header.ProducerId))
            {
                continue;
            }

            ReadBatch(batch, header, partition, fetchOffset, output);
        }

        return next;
    }

    private static bool IsAbortMarker(ReadOnlySpan<byte> batch)
    {
        using var reader = RecordBatchReader.Open(batch, options: RecordBatchReadOptions.AllowOffsetGaps);
        foreach (var record in reader)
        {
            return EndTransactionMarker.ReadControlType(record) == (short)ControlRecordType.Abort;
        }

        return false;
    }

    private static void ReadBatch(ReadOnlySpan<byte> batch, RecordBatchHeader header, int partition, long fetchOffset, List<ReadRecord> output)
    {
        using var reader = RecordBatchReader.Open(batch, options: RecordBatchReadOptions.AllowOffsetGaps);
        var logAppendTime = header.TimestampType == Brook.Protocol.Records.TimestampType.LogAppendTime;
        foreach (var record in reader)
        {
            if (record.Offset < fetchOffset)
            {
                continue;
            }

            var headers = NoHeaders;
            if (record.HeaderCount > 0)
            {
                var list = new List<KeyValuePair<string, byte[]?>>(record.HeaderCount);
                foreach (var h in record.Headers)
                {
                    list.Add(new(Encoding.UTF8.GetString(h.Key), h.IsValueNull ? null : h.Value.ToArray()));
                }

                headers = list;
            }

            output.Add(new ReadRecord(
                partition,
                record.Offset,
                logAppendTime ? header.MaxTimestamp : record.Timestamp,
                record.IsKeyNull ? null : record.Key.ToArray(),
                record.IsValueNull ? null : record.Value.ToArray(),
                headers));
        }
    }
}
