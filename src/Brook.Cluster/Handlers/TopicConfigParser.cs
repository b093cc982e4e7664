using System.Globalization;

namespace Brook.Cluster.Handlers;

/// <summary>Turns CreateTopics config entries into a <see cref="TopicConfig"/>; the four keys the cluster models.</summary>
internal static class TopicConfigParser
{
    /// <summary>The config keys CreateTopics accepts and returns (v5+).</summary>
    public static readonly string[] Keys = ["min.insync.replicas", "retention.bytes", "max.message.bytes", "message.timestamp.type"];

    /// <summary>Applies one entry; false with a message naming the problem for an unknown key or a bad value.</summary>
    public static bool TryApply(ref TopicConfig config, string name, string? value, out string? error)
    {
        error = null;
        var ok = true;
        switch (name)
        {
            case "min.insync.replicas" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1:
                config = config with { MinInsyncReplicas = v };
                break;
            case "retention.bytes" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && (v == -1 || v > 0):
                config = config with { RetentionBytes = v };
                break;
            case "max.message.bytes" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 61:
                config = config with { MaxMessageBytes = v };
                break;
            case "message.timestamp.type" when value is "CreateTime" or "LogAppendTime":
                config = config with { TimestampType = value == "CreateTime" ? MessageTimestampType.CreateTime : MessageTimestampType.LogAppendTime };
                break;
            default:
                ok = false;
                error = Array.IndexOf(Keys, name) < 0
                    ? $"Unsupported topic config '{name}': this cluster models {string.Join(", ", Keys)}."
                    : $"Invalid value '{value}' for topic config '{name}'.";
                break;
        }

        return ok;
    }

    /// <summary>The value of <paramref name="name"/> in <paramref name="config"/>, as Kafka prints it.</summary>
    public static string ValueOf(TopicConfig config, string name) => name switch
    {
        "min.insync.replicas" => config.MinInsyncReplicas.ToString(CultureInfo.InvariantCulture),
        "retention.bytes" => config.RetentionBytes.ToString(CultureInfo.InvariantCulture),
        "max.message.bytes" => config.MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
        _ => config.TimestampType == MessageTimestampType.CreateTime ? "CreateTime" : "LogAppendTime",
    };
}
