namespace Brook.Producer;

/// <summary>Which clock produced a record's timestamp.</summary>
public enum TimestampType
{
    /// <summary>No timestamp: the producer stamps the record with its clock at send time.</summary>
    NotAvailable = 0,

    /// <summary>Set by the producer (or the application) when the record was created.</summary>
    CreateTime = 1,

    /// <summary>Set by the broker when it appended the record (topic uses message.timestamp.type=LogAppendTime).</summary>
    LogAppendTime = 2,
}
