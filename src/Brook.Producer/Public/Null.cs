namespace Brook.Producer;

/// <summary>
/// A key or value type that is always a Kafka null, e.g. <c>Message&lt;Null, string&gt;</c> for unkeyed records.
/// It has no instances.
/// </summary>
public sealed class Null
{
    private Null()
    {
    }
}
