using Spectre.Console;

namespace Brook.Cli.Settings;

/// <summary>Shared checks for flag values; each failure names the flag and what is allowed.</summary>
internal static class BrokerCheck
{
    /// <summary>A bootstrap list <c>host:port[,host:port…]</c>.</summary>
    public static ValidationResult Bootstrap(string? list, bool required)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return required ? ValidationResult.Error("--bootstrap is required: give host:port[,host:port...], e.g. --bootstrap 127.0.0.1:9092") : ValidationResult.Success();
        }

        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return ValidationResult.Error($"--bootstrap entry '{entry}' is not host:port (port 1-65535), e.g. 127.0.0.1:9092");
            }
        }

        return ValidationResult.Success();
    }

    /// <summary>A required non-empty topic name.</summary>
    public static ValidationResult Topic(string? topic) =>
        string.IsNullOrWhiteSpace(topic) ? ValidationResult.Error("--topic is required: give the topic name, e.g. --topic orders") : ValidationResult.Success();

    /// <summary><c>read_committed</c> or <c>read_uncommitted</c>.</summary>
    public static ValidationResult Isolation(string? isolation) =>
        isolation is "read_committed" or "read_uncommitted"
            ? ValidationResult.Success()
            : ValidationResult.Error($"--isolation must be read_committed or read_uncommitted, got '{isolation}'");

    /// <summary>The first failed result, or success.</summary>
    public static ValidationResult All(params ValidationResult[] results)
    {
        foreach (var result in results)
        {
            if (!result.Successful)
            {
                return result;
            }
        }

        return ValidationResult.Success();
    }
}
