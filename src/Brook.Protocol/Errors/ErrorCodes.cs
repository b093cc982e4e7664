using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Brook.Protocol.Errors;

/// <summary>
/// Lookups over Kafka's error-code table, shared by the producer (retry decisions, exception messages) and the
/// embedded cluster (the codes it answers with). Every method is allocation-free for known codes and never throws.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>Name reported for a numeric code that is not in the table.</summary>
    public const string UnknownCodeName = "UNKNOWN_ERROR_CODE";

    /// <summary>Lowest code in the table (<see cref="ErrorCode.UnknownServerError"/>).</summary>
    public static ErrorCode MinKnown => Table[0].Code;

    /// <summary>Highest code in the table.</summary>
    public static ErrorCode MaxKnown => Table[^1].Code;

    /// <summary>Every known error in code order, from <see cref="MinKnown"/> to <see cref="MaxKnown"/>.</summary>
    public static ReadOnlySpan<ErrorInfo> All => Table;

    /// <summary>Whether <paramref name="code"/> is in the table (a newer broker may send codes Brook does not know).</summary>
    public static bool IsKnown(ErrorCode code) => (uint)((int)code + 1) < (uint)Table.Length;

    /// <summary>
    /// The table row for <paramref name="code"/>. For a code not in the table this returns a row named
    /// <see cref="UnknownCodeName"/>, not retriable, whose description gives the number; it never throws.
    /// </summary>
    public static ErrorInfo Get(ErrorCode code) => IsKnown(code) ? Table[(int)code + 1] : Unknown(code);

    /// <summary>
    /// Whether Kafka marks <paramref name="code"/> retriable. Unknown codes are not retriable, as Java clients map them
    /// to <c>UNKNOWN_SERVER_ERROR</c>.
    /// </summary>
    public static bool IsRetriable(ErrorCode code) => IsKnown(code) && Table[(int)code + 1].IsRetriable;

    /// <summary>Kafka's name for <paramref name="code"/> (<c>NOT_LEADER_OR_FOLLOWER</c>), or <c>UNKNOWN_ERROR_CODE(n)</c> for an unknown code.</summary>
    public static string Name(ErrorCode code) =>
        IsKnown(code) ? Table[(int)code + 1].Name : string.Create(CultureInfo.InvariantCulture, $"{UnknownCodeName}({(short)code})");

    /// <summary>
    /// Parses a Kafka error name such as <c>NOT_LEADER_OR_FOLLOWER</c>, ignoring case.
    /// Returns <see langword="false"/> (and <see cref="ErrorCode.UnknownServerError"/>) for null or unknown names.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? kafkaName, out ErrorCode code)
    {
        if (kafkaName is not null && ByName.TryGetValue(kafkaName, out code))
        {
            return true;
        }

        code = ErrorCode.UnknownServerError;
        return false;
    }

    private static ErrorInfo Unknown(ErrorCode code) => new(
        code,
        UnknownCodeName,
        IsRetriable: false,
        string.Create(
            CultureInfo.InvariantCulture,
            $"Error code {(short)code} is not in Brook's table (Kafka codes {(short)MinKnown} to {(short)MaxKnown}); a newer broker may have sent it. Treated as not retriable."));
}
