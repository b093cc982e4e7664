using System.Globalization;
using Brook.TestSupport.Interop;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Child-process side of <see cref="ChildProcessMockCluster"/>: hosts a mock cluster so its CPU time is not charged
/// to the client being measured. Line protocol on stdin/stdout: prints <c>bootstrap &lt;servers&gt;</c>, then answers
/// <c>create &lt;topic&gt; &lt;partitions&gt;</c> with <c>ok</c> or <c>error &lt;message&gt;</c>; exits when stdin closes.
/// </summary>
public static class MockClusterHost
{
    /// <summary>The hidden command name.</summary>
    public const string Command = "side-by-side-mock-cluster";

    /// <summary>Runs the host until stdin closes.</summary>
    public static int Run(string[] args)
    {
        var brokers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        using var cluster = MockCluster.Start(brokers);
        var output = Console.Out;
        output.WriteLine("bootstrap " + cluster.BootstrapServers);
        output.WriteLine("version " + LibrdkafkaLoader.Version);
        output.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                if (parts is ["create", var topic, var partitions])
                {
                    cluster.CreateTopic(topic, int.Parse(partitions, CultureInfo.InvariantCulture), replicationFactor: 1);
                    output.WriteLine("ok");
                }
                else
                {
                    output.WriteLine("error unknown command: " + line);
                }
            }
            catch (MockClusterException e)
            {
                output.WriteLine("error " + e.Message);
            }

            output.Flush();
        }

        return 0;
    }
}
