using System.Text.Json;
using KooGallery.Supervision.Cli;
using Spectre.Console;
using Spectre.Console.Testing;

namespace KooGallery.Supervision.Cli.Tests;

/// <summary>Runs the tool in-process against a temporary folder (its data folder and SQLite files), capturing stdout and stderr.</summary>
internal sealed class Cli : IDisposable
{
    public Cli()
    {
        Folder = Path.Combine(Path.GetTempPath(), "koogallery-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Database = Path.Combine(Folder, "flows.db");
    }

    public string Folder { get; }

    public string Database { get; }

    /// <summary>Environment variables the tool sees (none by default: the host's own never leak in).</summary>
    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>Runs the tool with <c>--database</c> set to this test's file.</summary>
    public Task<Run> RunAsync(params string[] args) => RunRawAsync(["--database", Database, .. args]);

    /// <summary>Runs the tool with exactly these arguments.</summary>
    public async Task<Run> RunRawAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        var test = new TestConsole().Width(250);
        var error = new StringWriter();
        var environment = new CliEnvironment { DataFolder = Path.Combine(Folder, "data"), Variable = name => Variables.GetValueOrDefault(name) };
        var exit = await CliApp.RunAsync(args, console ?? test, error, environment, cancellationToken);
        return new Run(exit, test.Output, error.ToString());
    }

    /// <summary>
    /// The database file's bytes once every pooled connection of the process is closed. Closing the last connection to a
    /// WAL database checkpoints it, which writes the file: comparing the file while a connection sits in the pool would
    /// race with any test that clears the pools, so the pools are cleared here first and the log is folded in.
    /// </summary>
    public byte[] SettledDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return File.ReadAllBytes(Database);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One run: the exit code, stdout and stderr.</summary>
internal sealed record Run(int Exit, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}
