using System.Diagnostics;
using System.Globalization;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// The librdkafka mock cluster in a child process of this same executable (<see cref="MockClusterHost"/>), so the
/// measured process's CPU time and allocations are the client's alone.
/// </summary>
public sealed class ChildProcessMockCluster : IBenchCluster
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _version;

    /// <summary>Starts the child and waits (bounded) for its bootstrap line.</summary>
    public ChildProcessMockCluster(int brokers)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this executable to start the cluster child.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ChildProcessMockCluster).Assembly.Location);
        }

        start.ArgumentList.Add(MockClusterHost.Command);
        start.ArgumentList.Add(brokers.ToString(CultureInfo.InvariantCulture));
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the mock-cluster child process.");
        BootstrapServers = Expect("bootstrap ");
        _version = Expect("version ");
        Brokers = brokers;
    }

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <summary>Broker count.</summary>
    public int Brokers { get; }

    /// <inheritdoc />
    public string Description => $"librdkafka {_version} mock cluster, {Brokers} brokers, child process {_process.Id}";

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions)
    {
        _process.StandardInput.WriteLine($"create {topic} {partitions.ToString(CultureInfo.InvariantCulture)}");
        _process.StandardInput.Flush();
        var reply = ReadLine();
        if (reply != "ok")
        {
            throw new InvalidOperationException($"Mock-cluster child could not create topic '{topic}': {reply}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private string Expect(string prefix)
    {
        var line = ReadLine();
        return line.StartsWith(prefix, StringComparison.Ordinal)
            ? line[prefix.Length..]
            : throw new InvalidOperationException($"Mock-cluster child said '{line}', expected '{prefix}...'.");
    }

    private string ReadLine()
    {
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(ReplyTimeout))
        {
            throw new TimeoutException($"Mock-cluster child did not answer within {ReplyTimeout.TotalSeconds:0} s.");
        }

        return read.Result ?? throw new InvalidOperationException(
            $"Mock-cluster child exited (code {(_process.HasExited ? _process.ExitCode : -1)}); see its stderr above.");
    }
}
