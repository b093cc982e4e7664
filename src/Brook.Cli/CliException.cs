namespace Brook.Cli;

/// <summary>
/// A user-facing failure: the message is printed as the one error line on stderr, with no stack trace, and the
/// command exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names the problem and the fix.</summary>
    public CliException(string message, int exitCode = ExitCodes.Failure, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CliException()
        : this("brook failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CliException(string message)
        : this(message, ExitCodes.Failure)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public CliException(string message, Exception innerException)
        : this(message, ExitCodes.Failure, innerException)
    {
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
