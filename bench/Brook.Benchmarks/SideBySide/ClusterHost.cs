using System.Globalization;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Child-process side of <see cref="ChildProcessCluster"/>: hosts a cluster so its CPU time is not charged to the
/// client being measured. Line protocol on stdin/stdout: prints <c>bootstrap &lt;servers&gt;</c> and
/// <c>description &lt;text&gt;</c>, then answers <c>create &lt;topic&gt; &lt;partitions&gt;</c> with <c>ok</c> or
/// <c>error &lt;message&gt;</c>; exits when stdin closes.
/// </summary>
public static class ClusterHost
{
    /// <summary>The hidden command name: <c>side-by-side-cluster &lt;mock|brook&gt; &lt;brokers&gt; [retention.bytes]</c>.</summary>
    public const string Command = "side-by-side-cluster";

    /// <summary>Starts the cluster of the given kind in this process (<paramref name="retentionBytes"/>: Brook only).</summary>
    public static IBenchCluster StartInProcess(ClusterKind kind, int brokers, long retentionBytes = -1) => kind switch
    {
        ClusterKind.Brook => new InProcessBrookCluster(brokers, retentionBytes),
        _ => new InProcessMockCluster(brokers),
    };

    /// <summary>Runs the host until stdin closes.</summary>
    public static int Run(string[] args)
    {
        var kind = args.Length > 0 ? Enum.Parse<ClusterKind>(args[0], ignoreCase: true) : ClusterKind.Mock;
        var brokers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var retention = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : -1;
        using var cluster = StartInProcess(kind, brokers, retention);
        var output = Console.Out;
        output.WriteLine("bootstrap " + cluster.BootstrapServers);
        output.WriteLine("description " + cluster.Description);
        output.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                if (parts is ["create", var topic, var partitions])
                {
                    cluster.CreateTopic(topic, int.Parse(partitions, CultureInfo.InvariantCulture));
                    output.WriteLine("ok");
                }
                else
                {
                    output.WriteLine("error unknown command: " + line);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                output.WriteLine("error " + e.Message.ReplaceLineEndings(" "));
            }

            output.Flush();
        }

        return 0;
    }
}
