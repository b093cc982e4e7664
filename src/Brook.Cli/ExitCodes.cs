namespace Brook.Cli;

/// <summary>Process exit codes of every brook command.</summary>
internal static class ExitCodes
{
    /// <summary>Success (verify: PASS).</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed: records failed, verify FAIL, brokers unreachable, engine missing.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: unknown flag, invalid value, unknown producer property.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C/SIGTERM before finishing (perf, produce, consume).</summary>
    public const int Interrupted = 130;
}
