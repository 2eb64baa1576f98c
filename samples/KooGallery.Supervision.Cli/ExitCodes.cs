namespace KooGallery.Supervision.Cli;

/// <summary>The tool's exit codes (documented in the README's "Command line" section and in `--help`).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Done = 0;

    /// <summary>A rule refused the command: the library's error code and message are on stderr.</summary>
    public const int Refused = 1;

    /// <summary>Bad usage: an unknown command or option, a missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>The store could not be reached, or refused the work (no database, no schema, a connection error).</summary>
    public const int Store = 3;
}
