using System.Text;

namespace Brook.TestSupport.Verification;

/// <summary>The outcome of <see cref="RecordLedger.Verify"/>: every difference between what was issued and what was read.</summary>
public sealed class LedgerReport
{
    private const int ShownPerKind = 20;

    internal LedgerReport(long issued, int observed)
    {
        Issued = issued;
        Observed = observed;
    }

    /// <summary>Records the ledger issued.</summary>
    public long Issued { get; }

    /// <summary>Records the reader observed (including duplicates and strangers).</summary>
    public int Observed { get; }

    /// <summary>Distinct issued records the reader got back.</summary>
    public long Delivered { get; internal set; }

    /// <summary>Issued records nobody read, as ranges per stream (<c>a: 17-19</c>).</summary>
    public List<string> Lost { get; } = [];

    /// <summary>Records read more than once at different offsets, with every position.</summary>
    public List<string> Duplicated { get; } = [];

    /// <summary>Records read after a later sequence of the same stream in the same partition.</summary>
    public List<string> OutOfOrder { get; } = [];

    /// <summary>Records whose key, value or headers differ from what was issued, with the first difference.</summary>
    public List<string> Corrupted { get; } = [];

    /// <summary>Records that were never issued (unparsable, unknown stream, sequence beyond the last issued).</summary>
    public List<string> Unexpected { get; } = [];

    /// <summary>The same (partition, offset) observed twice: a reader-side problem, not a producer one.</summary>
    public List<string> ReaderRepeats { get; } = [];

    /// <summary>True when nothing was lost, duplicated, reordered, corrupted or unexpected.</summary>
    public bool IsClean =>
        Lost.Count == 0 && Duplicated.Count == 0 && OutOfOrder.Count == 0 && Corrupted.Count == 0
        && Unexpected.Count == 0 && ReaderRepeats.Count == 0;

    /// <summary>Throws <see cref="LedgerMismatchException"/> carrying <see cref="ToString"/> unless <see cref="IsClean"/>.</summary>
    public void ThrowIfNotClean()
    {
        if (!IsClean)
        {
            throw new LedgerMismatchException(this);
        }
    }

    /// <summary>A summary line then up to 20 items per kind of difference.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("issued ").Append(Issued).Append(", observed ").Append(Observed).Append(", delivered ").Append(Delivered);
        Append(text, "lost", Lost);
        Append(text, "duplicated", Duplicated);
        Append(text, "out of order", OutOfOrder);
        Append(text, "corrupted", Corrupted);
        Append(text, "never issued", Unexpected);
        Append(text, "read twice at the same offset", ReaderRepeats);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string kind, List<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.AppendLine().Append(kind).Append(" (").Append(items.Count).Append("):");
        for (var i = 0; i < Math.Min(items.Count, ShownPerKind); i++)
        {
            text.AppendLine().Append("  ").Append(items[i]);
        }

        if (items.Count > ShownPerKind)
        {
            text.AppendLine().Append("  ... and ").Append(items.Count - ShownPerKind).Append(" more");
        }
    }
}
