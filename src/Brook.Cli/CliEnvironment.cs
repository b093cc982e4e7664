using Brook.Cli.Engines;
using Spectre.Console;

namespace Brook.Cli;

/// <summary>
/// Everything a command touches outside itself, injected so tests run commands in-process: <see cref="Out"/> carries
/// the contract lines (bootstrap list, ok/error answers, summary, PASS/FAIL) unwrapped; <see cref="Console"/> draws
/// progress bars, tables and help on the same stream; <see cref="Error"/> takes logs and the one error line.
/// </summary>
/// <param name="Out">stdout for contract lines.</param>
/// <param name="Error">stderr.</param>
/// <param name="In">stdin (fault commands, records to produce).</param>
/// <param name="Console">Rich output bound to stdout.</param>
/// <param name="Interactive">stdout is a terminal: show live progress instead of 5-second lines.</param>
/// <param name="Time">Clock for pacing and latencies.</param>
/// <param name="Random">Run-level random source (stream ids, payloads).</param>
/// <param name="Engines">Producer, reader and cluster.</param>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    IAnsiConsole Console,
    bool Interactive,
    TimeProvider Time,
    Random Random,
    IBrookEngines Engines)
{
    /// <summary>The process's real streams and terminal.</summary>
    public static CliEnvironment FromProcess(IBrookEngines engines)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        var interactive = !System.Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
        return new CliEnvironment(System.Console.Out, System.Console.Error, System.Console.In, console, interactive, TimeProvider.System, new Random(), engines);
    }
}
