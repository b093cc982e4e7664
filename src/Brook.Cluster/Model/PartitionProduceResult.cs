using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

/// <summary>
/// What the Produce handler answers for one partition (broker-semantics.md §1 success response), or that it must
/// close the connection instead (a crashed leader).
/// </summary>
/// <param name="Error">Partition error code.</param>
/// <param name="BaseOffset">Offset of the first record, -1 on error.</param>
/// <param name="LogAppendTimeMs">Append time under LogAppendTime, else -1.</param>
/// <param name="LogStartOffset">Log start offset at answer time, -1 on error.</param>
/// <param name="CloseConnection">The broker "crashed" (fault): write nothing and close the connection.</param>
internal readonly record struct PartitionProduceResult(ErrorCode Error, long BaseOffset, long LogAppendTimeMs, long LogStartOffset, bool CloseConnection = false)
{
    /// <summary>An error answer with no offsets.</summary>
    public static PartitionProduceResult Failed(ErrorCode error) => new(error, -1, -1, -1);
}
