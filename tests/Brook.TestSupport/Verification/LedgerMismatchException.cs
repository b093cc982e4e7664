namespace Brook.TestSupport.Verification;

/// <summary>What was read back differs from what a <see cref="RecordLedger"/> issued; the message lists every difference.</summary>
public sealed class LedgerMismatchException : Exception
{
    /// <summary>Creates the exception from a report that is not clean.</summary>
    public LedgerMismatchException(LedgerReport report)
        : base("Records read back differ from the records issued: " + report)
    {
        Report = report;
    }

    /// <summary>The full report.</summary>
    public LedgerReport Report { get; }
}
