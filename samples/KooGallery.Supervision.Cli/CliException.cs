using System;

namespace KooGallery.Supervision.Cli;

/// <summary>Ends a command with an exit code and a message for stderr.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Store(string message) => new(ExitCodes.Store, message);
}
