namespace Brook.Protocol.Records;

/// <summary>Type field of a control record key (<c>version int16, type int16</c>); Brook handles transaction markers.</summary>
public enum ControlRecordType : short
{
    /// <summary>Transaction aborted: consumers with read_committed drop its records.</summary>
    Abort = 0,

    /// <summary>Transaction committed.</summary>
    Commit = 1,
}
