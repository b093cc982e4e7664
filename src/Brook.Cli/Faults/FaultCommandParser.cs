using System.Globalization;
using Brook.Protocol;
using Brook.Protocol.Errors;

namespace Brook.Cli.Faults;

/// <summary>
/// Parses <c>brook cluster</c>'s stdin fault language: one command per line, words separated by blanks, command names
/// case-insensitive. API names are Kafka's (<c>Produce</c>, <c>Metadata</c>, any case) or numbers; error names are
/// Kafka's (<c>NOT_LEADER_OR_FOLLOWER</c>) or numbers. Errors are one line naming the problem and the right form.
/// </summary>
internal static class FaultCommandParser
{
    /// <summary>The command forms, one per line (the <c>help</c> answer and <c>--help</c> text).</summary>
    public static readonly string[] Usage =
    [
        "down B                              take broker B down (its partitions fail over)",
        "up B                                bring broker B back",
        "leader TOPIC PARTITION B            move a partition's leadership to broker B",
        "err API COUNT ERROR_NAME [BROKER]   next COUNT requests of API (Produce, Metadata, ... or a number) fail with ERROR_NAME",
        "disconnect-after-append COUNT       next COUNT produce requests append, then the connection drops",
        "latency B MS                        delay every response of broker B by MS ms (0 = none)",
        "isolate-followers TOPIC PARTITION   the partition's followers stop replicating",
        "heal                                end isolations, latencies and queued request faults",
        "create TOPIC PARTITIONS RF          create a topic",
        "state TOPIC                         leaders, ISR, HW per partition",
        "help                                this list",
    ];

    /// <summary>
    /// Parses one line. Returns false for a blank line or a <c>#</c> comment (no answer is due) with a null error;
    /// false with an error for a bad command; true with the command otherwise.
    /// </summary>
    public static bool TryParse(string? line, out FaultCommand? command, out string? error)
    {
        command = null;
        error = null;
        var words = (line ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].StartsWith('#'))
        {
            return false;
        }

        var name = words[0].ToLowerInvariant();
        command = name switch
        {
            "down" => Args(words, 1, "down B", ref error) ? Broker(words[1], ref error) is { } b ? new FaultCommand.Down(b) : null : null,
            "up" => Args(words, 1, "up B", ref error) ? Broker(words[1], ref error) is { } b2 ? new FaultCommand.Up(b2) : null : null,
            "leader" => ParseLeader(words, ref error),
            "err" => ParseErr(words, ref error),
            "disconnect-after-append" => Args(words, 1, "disconnect-after-append COUNT", ref error)
                && Positive(words[1], "COUNT", ref error) is { } c ? new FaultCommand.DisconnectAfterAppend(c) : null,
            "latency" => ParseLatency(words, ref error),
            "isolate-followers" => Args(words, 2, "isolate-followers TOPIC PARTITION", ref error)
                && NonNegative(words[2], "PARTITION", ref error) is { } p ? new FaultCommand.IsolateFollowers(words[1], p) : null,
            "heal" => Args(words, 0, "heal", ref error) ? new FaultCommand.Heal() : null,
            "create" => ParseCreate(words, ref error),
            "state" => Args(words, 1, "state TOPIC", ref error) ? new FaultCommand.State(words[1]) : null,
            "help" => new FaultCommand.Help(),
            _ => Fail($"unknown command '{words[0]}'; try: help", ref error),
        };
        return command is not null;
    }

    /// <summary>Parses an API given as a Kafka name (any case) or a number.</summary>
    public static bool TryParseApi(string text, out ApiKey api)
    {
        if (short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            api = (ApiKey)number;
            return Enum.IsDefined(api);
        }

        return Enum.TryParse(text, ignoreCase: true, out api) && !int.TryParse(text, out _) && Enum.IsDefined(api);
    }

    /// <summary>Parses a Kafka error name (any case) or a number; rejects NONE.</summary>
    public static bool TryParseError(string text, out ErrorCode code)
    {
        if (short.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            code = (ErrorCode)number;
            return number != 0 && ErrorCodes.IsKnown(code);
        }

        return ErrorCodes.TryParse(text, out code) && code != ErrorCode.None;
    }

    private static FaultCommand? ParseLeader(string[] w, ref string? error)
    {
        if (!Args(w, 3, "leader TOPIC PARTITION B", ref error))
        {
            return null;
        }

        var partition = NonNegative(w[2], "PARTITION", ref error);
        var broker = partition is null ? null : Broker(w[3], ref error);
        return broker is null ? null : new FaultCommand.Leader(w[1], partition!.Value, broker.Value);
    }

    private static FaultCommand? ParseErr(string[] w, ref string? error)
    {
        if (w.Length is not (4 or 5))
        {
            return Fail("usage: err API COUNT ERROR_NAME [BROKER]", ref error);
        }

        if (!TryParseApi(w[1], out var api))
        {
            return Fail($"unknown API '{w[1]}': give a Kafka API name such as Produce or Metadata, or its key number", ref error);
        }

        var count = Positive(w[2], "COUNT", ref error);
        if (count is null)
        {
            return null;
        }

        if (!TryParseError(w[3], out var code))
        {
            return Fail($"unknown error '{w[3]}': give a Kafka error name such as NOT_LEADER_OR_FOLLOWER or its code (not NONE)", ref error);
        }

        int? broker = null;
        if (w.Length == 5)
        {
            broker = Broker(w[4], ref error);
            if (broker is null)
            {
                return null;
            }
        }

        return new FaultCommand.Err(api, count.Value, code, broker);
    }

    private static FaultCommand? ParseLatency(string[] w, ref string? error)
    {
        if (!Args(w, 2, "latency B MS", ref error))
        {
            return null;
        }

        var broker = Broker(w[1], ref error);
        var ms = broker is null ? null : NonNegative(w[2], "MS", ref error);
        return ms is null ? null : new FaultCommand.Latency(broker!.Value, ms.Value);
    }

    private static FaultCommand? ParseCreate(string[] w, ref string? error)
    {
        if (!Args(w, 3, "create TOPIC PARTITIONS RF", ref error))
        {
            return null;
        }

        var partitions = Positive(w[2], "PARTITIONS", ref error);
        var rf = partitions is null ? null : Positive(w[3], "RF", ref error);
        return rf is null ? null : new FaultCommand.Create(w[1], partitions!.Value, rf.Value);
    }

    private static bool Args(string[] words, int count, string usage, ref string? error)
    {
        if (words.Length == count + 1)
        {
            return true;
        }

        error = "usage: " + usage;
        return false;
    }

    private static int? Broker(string text, ref string? error) => NonNegative(text, "B (broker id)", ref error);

    private static int? NonNegative(string text, string what, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error = $"{what} must be a whole number >= 0, got '{text}'";
        return null;
    }

    private static int? Positive(string text, string what, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        error = $"{what} must be a whole number > 0, got '{text}'";
        return null;
    }

    private static FaultCommand? Fail(string message, ref string? error)
    {
        error = message;
        return null;
    }
}
