using Brook.Cli.Engines;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace Brook.Cli.Tests.Fakes;

/// <summary>Runs brook in-process with captured stdout/stderr and the given stdin and engines.</summary>
internal sealed class TestRun
{
    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    public int ExitCode { get; private set; }

    public string[] OutLines => Out.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    public static Task<TestRun> RunAsync(string[] args, IBrookEngines? engines = null, string stdin = "", TimeProvider? time = null, TextReader? input = null) =>
        RunUntilAsync(TestContext.Current.CancellationToken, args, engines, stdin, time, input);

    public static async Task<TestRun> RunUntilAsync(CancellationToken cancellationToken, string[] args, IBrookEngines? engines = null, string stdin = "", TimeProvider? time = null, TextReader? input = null)
    {
        var run = new TestRun();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(run.Out),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var env = new CliEnvironment(run.Out, run.Error, input ?? new StringReader(stdin), console, false, time ?? new FakeTimeProvider(), new Random(1), engines ?? new UnavailableEngines());
        run.ExitCode = await BrookApp.RunAsync(args, env, cancellationToken);
        return run;
    }
}
