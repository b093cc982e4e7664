namespace Brook.Producer;

/// <summary>Which part of a record a serializer is writing.</summary>
public enum MessageComponentType
{
    /// <summary>The record key.</summary>
    Key = 1,

    /// <summary>The record value.</summary>
    Value = 2,
}
