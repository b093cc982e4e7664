using System.Runtime.InteropServices;
using Brook.Cli;
using Brook.Cli.Engines;

// brook: Ctrl-C and SIGTERM cancel the command, which then stops gracefully (the cluster disposes its brokers).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});
return await BrookApp.RunAsync(args, CliEnvironment.FromProcess(new BrookEngines()), stop.Token).ConfigureAwait(false);
