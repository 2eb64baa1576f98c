using System;
using System.IO;
using NodaTime;

namespace KooGallery.Supervision.Cli;

/// <summary>What the tool reads from its surroundings: the data folder, environment variables and the system clock.
/// Tests give their own.</summary>
public sealed class CliEnvironment
{
    /// <summary>The folder of the default SQLite file.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Reads an environment variable (null when it is not set).</summary>
    public Func<string, string?> Variable { get; init; } = _ => null;

    /// <summary>The clock used outside the sandbox; null for the library's own registration (the system clock).</summary>
    public IClock? SystemClock { get; init; }

    /// <summary>The process's own environment: the user's data folder (XDG_DATA_HOME, or LocalApplicationData).</summary>
    public static CliEnvironment FromProcess()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return new CliEnvironment
        {
            DataFolder = Path.Combine(root, "koogallery-supervision"),
            Variable = Environment.GetEnvironmentVariable,
        };
    }
}
