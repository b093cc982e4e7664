namespace Brook.Cli.Perf;

/// <summary>One <c>brook perf</c> run, after flag validation.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="NumRecords">Records to send.</param>
/// <param name="RecordSize">Value bytes.</param>
/// <param name="Throughput">Records/sec, negative for no limit.</param>
/// <param name="Sequenced">Checkable values (see <see cref="SequencedRecordWriter"/>).</param>
/// <param name="Keys">With <paramref name="Sequenced"/>: send the sequence as key.</param>
internal sealed record PerfRunOptions(string Topic, long NumRecords, int RecordSize, double Throughput, bool Sequenced, bool Keys);
