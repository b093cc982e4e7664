namespace Brook.Protocol.Records;

/// <summary>Bit 3 of the batch attributes: whose clock the record timestamps come from.</summary>
public enum TimestampType
{
    /// <summary>The producer's timestamps (record baseTimestamp + delta).</summary>
    CreateTime = 0,

    /// <summary>The broker's append time: every record's timestamp is the batch maxTimestamp.</summary>
    LogAppendTime = 1,
}
