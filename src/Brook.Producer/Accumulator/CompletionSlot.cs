namespace Brook.Producer.Accumulator;

/// <summary>
/// One registered record of a batch. A struct around the reference, so storing into the pooled array skips the
/// covariance check an array of an interface type costs per store.
/// </summary>
internal struct CompletionSlot
{
    /// <summary>The record's completion; cleared when dispatched.</summary>
    public IRecordCompletion? Completion { get; set; }
}
