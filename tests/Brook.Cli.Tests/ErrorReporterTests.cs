using System.Net.Sockets;
using Brook.Producer;

namespace Brook.Cli.Tests;

public sealed class ErrorReporterTests
{
    [Fact]
    public void Report_WritesOneLineWithoutStackTrace()
    {
        var error = new StringWriter();
        Exception thrown;
        try
        {
            throw new InvalidOperationException("line one\nline two");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var code = ErrorReporter.Report(thrown, error);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("brook: error: line one line two (InvalidOperationException)" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Describe_MapsKindsToExitCodes()
    {
        Assert.Equal(ExitCodes.Usage, ErrorReporter.Describe(new ProducerConfigurationException("linger.ms", "bad")).ExitCode);
        Assert.Equal(ExitCodes.Failure, ErrorReporter.Describe(new CliException("x")).ExitCode);
        Assert.Equal(ExitCodes.Usage, ErrorReporter.Describe(new CliException("x", ExitCodes.Usage)).ExitCode);
        var (message, code) = ErrorReporter.Describe(new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("cannot reach the brokers", message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Interrupted, ErrorReporter.Describe(new OperationCanceledException()).ExitCode);
    }
}
