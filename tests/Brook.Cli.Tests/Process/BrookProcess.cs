using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Brook.Cli.Tests.Process;

/// <summary>
/// The built <c>brook</c> command as a child process (<c>dotnet brook.dll ...</c>; brook.dll and its runtimeconfig are
/// copied next to the tests by the ProjectReference). Stdout arrives line by line, stderr is collected; every wait is
/// bounded and <see cref="DisposeAsync"/> kills the whole process tree if it is still running.
/// </summary>
internal sealed class BrookProcess : IAsyncDisposable
{
    /// <summary>Upper bound for any single wait on a child (generous: the CI machine is shared and slow).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    private readonly System.Diagnostics.Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly Task _pumps;

    private BrookProcess(System.Diagnostics.Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpOutAsync(), PumpErrAsync());
    }

    /// <summary>Path of brook.dll next to the test assembly.</summary>
    public static string BrookDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "brook.dll");
            if (!File.Exists(dll) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "brook.runtimeconfig.json")))
            {
                throw new InvalidOperationException($"brook.dll or brook.runtimeconfig.json is missing in {AppContext.BaseDirectory}; build tests/Brook.Cli.Tests, which references src/Brook.Cli.");
            }

            return dll;
        }
    }

    /// <summary>Everything written to stdout so far.</summary>
    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string Err
    {
        get
        {
            lock (_err)
            {
                return _err.ToString();
            }
        }
    }

    /// <summary>Starts <c>brook</c> with <paramref name="args"/>.</summary>
    public static BrookProcess Start(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(host) || !File.Exists(host) ? "dotnet" : host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(BrookDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        return new BrookProcess(process);
    }

    /// <summary>Runs <c>brook</c> to its end: writes <paramref name="stdin"/>, closes stdin, waits (bounded).</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(string[] args, string stdin = "")
    {
        await using var brook = Start(args);
        await brook.WriteAsync(stdin);
        brook.CloseInput();
        var code = await brook.WaitForExitAsync();
        return (code, brook.Out, brook.Err);
    }

    /// <summary>The next stdout line; fails the test when none arrives within <see cref="Wait"/> or stdout ended.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timer = new CancellationTokenSource(Wait);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(timer.Token) && _lines.Reader.TryRead(out var line))
            {
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"brook wrote no stdout line within {Wait.TotalSeconds} s. stderr: {Err}");
        }

        throw new InvalidOperationException($"brook closed stdout. stderr: {Err}");
    }

    /// <summary>Writes <paramref name="text"/> to stdin and flushes.</summary>
    public async Task WriteAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Writes one line to stdin.</summary>
    public Task WriteLineAsync(string line) => WriteAsync(line + "\n");

    /// <summary>Closes stdin (end of file for the child).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the exit and the end of both streams; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timer = new CancellationTokenSource(Wait);
        try
        {
            await _process.WaitForExitAsync(timer.Token);
            await _pumps.WaitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"brook did not exit within {Wait.TotalSeconds} s. stdout: {Out} stderr: {Err}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs, then releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timer.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            // Bounded: the OS finishes the kill on its own.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task PumpOutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_out)
            {
                _out.AppendLine(line);
            }

            _lines.Writer.TryWrite(line);
        }

        _lines.Writer.TryComplete();
    }

    private async Task PumpErrAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (_err)
            {
                _err.Append(buffer, 0, read);
            }
        }
    }
}
