using System.Diagnostics;
using System.Globalization;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// A cluster (librdkafka's mock or Brook.Cluster) in a child process of this same executable
/// (<see cref="ClusterHost"/>), so the measured process's CPU time and allocations are the client's alone.
/// </summary>
public sealed class ChildProcessCluster : IBenchCluster
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _description;

    /// <summary>Starts the child and waits (bounded) for its bootstrap line.</summary>
    public ChildProcessCluster(ClusterKind kind, int brokers, long retentionBytes = -1)
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
            start.ArgumentList.Add(typeof(ChildProcessCluster).Assembly.Location);
        }

        start.ArgumentList.Add(ClusterHost.Command);
        start.ArgumentList.Add(kind.ToString());
        start.ArgumentList.Add(brokers.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(retentionBytes.ToString(CultureInfo.InvariantCulture));
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cluster child process.");
        BootstrapServers = Expect("bootstrap ");
        _description = Expect("description ");
    }

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <inheritdoc />
    public string Description => $"{_description}, child process {_process.Id}";

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions)
    {
        _process.StandardInput.WriteLine($"create {topic} {partitions.ToString(CultureInfo.InvariantCulture)}");
        _process.StandardInput.Flush();
        var reply = ReadLine();
        if (reply != "ok")
        {
            throw new InvalidOperationException($"Cluster child could not create topic '{topic}': {reply}");
        }
    }

    /// <inheritdoc />
    public TimeSpan? ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
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
            : throw new InvalidOperationException($"Cluster child said '{line}', expected '{prefix}...'.");
    }

    private string ReadLine()
    {
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(ReplyTimeout))
        {
            throw new TimeoutException($"Cluster child did not answer within {ReplyTimeout.TotalSeconds:0} s.");
        }

        return read.Result ?? throw new InvalidOperationException(
            $"Cluster child exited (code {(_process.HasExited ? _process.ExitCode : -1)}); see its stderr above.");
    }
}
