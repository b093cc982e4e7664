using System.Net.Sockets;
using Brook.Producer;
using Spectre.Console.Cli;

namespace Brook.Cli;

/// <summary>
/// The uniform error policy: any failure becomes ONE line <c>brook: error: …</c> on stderr and a non-zero exit
/// code, never a stack trace. Usage errors (bad flag, invalid value, unknown producer property) exit
/// <see cref="ExitCodes.Usage"/>; everything else <see cref="ExitCodes.Failure"/> (or the code a
/// <see cref="CliException"/> carries).
/// </summary>
internal static class ErrorReporter
{
    /// <summary>Writes the error line and returns the exit code.</summary>
    public static int Report(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        var (message, code) = Describe(exception);
        error.WriteLine("brook: error: " + message.ReplaceLineEndings(" ").Trim());
        error.Flush();
        return code;
    }

    /// <summary>The message and exit code for an exception.</summary>
    public static (string Message, int ExitCode) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : exception;
        return inner switch
        {
            CliException cli => (cli.Message, cli.ExitCode),
            CommandAppException app => (app.Message + HelpHint, ExitCodes.Usage),
            ProducerConfigurationException config => (config.Message, ExitCodes.Usage),
            FormatException format => (format.Message, ExitCodes.Usage),
            FileNotFoundException file => (file.Message, ExitCodes.Usage),
            SocketException socket => ($"cannot reach the brokers: {socket.Message} ({socket.SocketErrorCode}); check --bootstrap and that the cluster is running.", ExitCodes.Failure),
            OperationCanceledException => ("interrupted.", ExitCodes.Interrupted),
            _ => ($"{inner.Message} ({inner.GetType().Name})", ExitCodes.Failure),
        };
    }

    private const string HelpHint = " (see brook --help, or brook COMMAND --help)";
}
