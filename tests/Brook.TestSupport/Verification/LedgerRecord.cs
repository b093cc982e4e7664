namespace Brook.TestSupport.Verification;

/// <summary>One record a <see cref="RecordLedger"/> issued: what to send, and what a reader must get back.</summary>
/// <param name="Stream">The stream it belongs to.</param>
/// <param name="Sequence">Its sequence within the stream, from 0.</param>
/// <param name="Key">The key to send (null when the ledger issues unkeyed records).</param>
/// <param name="Value">The value: <c>&lt;stream&gt;-&lt;sequence, 10 digits&gt;|&lt;filler&gt;</c>.</param>
/// <param name="Headers">The headers to send, in order.</param>
public sealed record LedgerRecord(string Stream, long Sequence, byte[]? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers);
