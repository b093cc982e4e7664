using System.Globalization;

namespace Brook.Cli.Verify;

/// <summary>The figures <c>brook verify</c> prints, and its verdict.</summary>
/// <param name="Expected">Records the run should hold (<c>--expect</c>).</param>
/// <param name="Records">Records read.</param>
/// <param name="Unique">Distinct (stream, sequence) pairs.</param>
/// <param name="Duplicates">Records whose (stream, sequence) was already read.</param>
/// <param name="Missing">Sequences absent below each stream's highest sequence.</param>
/// <param name="OutOfOrder">Records below a sequence their partition already held for the stream.</param>
/// <param name="Malformed">Values not in the sequenced format.</param>
/// <param name="KeyMismatches">Keys present but not equal to the value's sequence digits.</param>
/// <param name="Streams">Distinct stream ids.</param>
/// <param name="Gaps">The first missing ranges, <c>stream from..to</c>.</param>
internal sealed record VerifyResult(
    long Expected,
    long Records,
    long Unique,
    long Duplicates,
    long Missing,
    long OutOfOrder,
    long Malformed,
    long KeyMismatches,
    int Streams,
    IReadOnlyList<string> Gaps)
{
    /// <summary>Gap ranges listed at most.</summary>
    public const int MaxGapsListed = 10;

    /// <summary>PASS: exactly the expected records, each once, none missing, in order, all well-formed.</summary>
    public bool Passed =>
        Records == Expected && Unique == Expected && Duplicates == 0 && Missing == 0 && OutOfOrder == 0 && Malformed == 0 && KeyMismatches == 0;

    /// <summary>The verdict line: <c>PASS|FAIL records=… unique=… expected=… duplicates=… missing=… out-of-order=… malformed=… key-mismatches=… streams=…</c>.</summary>
    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Passed ? "PASS" : "FAIL")} records={Records} unique={Unique} expected={Expected} duplicates={Duplicates} missing={Missing} out-of-order={OutOfOrder} malformed={Malformed} key-mismatches={KeyMismatches} streams={Streams}");
}
