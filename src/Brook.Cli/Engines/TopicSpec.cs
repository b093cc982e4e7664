using System.Globalization;

namespace Brook.Cli.Engines;

/// <summary>A topic to create: <c>NAME[:PARTITIONS[:RF]]</c>.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="ReplicationFactor">Replicas per partition.</param>
internal sealed record TopicSpec(string Name, int Partitions, int ReplicationFactor)
{
    /// <summary>Parses <c>NAME[:PARTITIONS[:RF]]</c>, taking missing parts from the defaults.</summary>
    /// <exception cref="CliException">Empty name, or a count that is not a positive whole number.</exception>
    public static TopicSpec Parse(string text, int defaultPartitions, int defaultReplicationFactor)
    {
        var parts = (text ?? string.Empty).Split(':');
        if (parts.Length > 3 || parts[0].Length == 0)
        {
            throw new CliException($"--topic expects NAME[:PARTITIONS[:RF]] such as orders:6:3, got '{text}'.", ExitCodes.Usage);
        }

        var partitions = parts.Length > 1 ? Count(parts[1], "PARTITIONS", text!) : defaultPartitions;
        var rf = parts.Length > 2 ? Count(parts[2], "RF", text!) : defaultReplicationFactor;
        return new TopicSpec(parts[0], partitions, rf);
    }

    private static int Count(string part, string what, string text) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new CliException($"--topic '{text}': {what} must be a whole number > 0, got '{part}'.", ExitCodes.Usage);
}
