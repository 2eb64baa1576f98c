using System;
using System.CommandLine;
using System.Data.Common;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// The koogallery-supervision tool: the command tree (System.CommandLine) and its exit codes. <see cref="RunAsync"/>
/// runs one command line against the given console, so that tests run the tool in-process.
/// </summary>
public static class CliApp
{
    internal static readonly Option<string?> Database = new("--database") { Description = "The SQLite file to use (default: supervision.db in the user's data folder).", Recursive = true, HelpName = "PATH" };

    internal static readonly Option<string?> Postgres = new("--postgres") { Description = $"A PostgreSQL connection string (or set {StoreSettings.PostgresVariable}).", Recursive = true, HelpName = "CONNSTRING" };

    internal static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output: JSON on stdout.", Recursive = true };

    internal static readonly Option<bool> Sandbox = new("--sandbox") { Description = "Keep a fake clock in the database (moved with `clock advance`), so time rules can be tried in minutes.", Recursive = true };

    private const string ExitCodeHelp = """
        Exit codes: 0 done, 1 refused by a rule (the library's code and message on stderr), 2 bad usage,
        3 store unreachable or refused.
        """;

    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments, as a shell splits them.</param>
    /// <param name="console">Where output goes (tables, colour, progress; JSON unwrapped).</param>
    /// <param name="error">Where refusals and errors go (stderr).</param>
    /// <param name="environment">The data folder, environment variables and system clock.</param>
    /// <param name="cancellationToken">Ends long commands (sweep --watch) cleanly.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);

        var root = BuildRoot(console, error, environment);
        var parse = root.Parse(args);
        var output = console.Profile.Out.Writer;
        if (parse.Errors.Count > 0 && !IsHelp(args))
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("Run `koogallery-supervision --help` for the commands and their options.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None);
        }
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    private static RootCommand BuildRoot(IAnsiConsole console, TextWriter error, CliEnvironment environment)
    {
        var root = new RootCommand($"""
            Supervise marketplace service flows from the command line: create orders' flows, act as the buyer, the seller
            or an operations manager, show, search, sweep timers, import orders in bulk, over SQLite or PostgreSQL.

            {ExitCodeHelp}
            """);
        root.Options.Add(Database);
        root.Options.Add(Postgres);
        root.Options.Add(Json);
        root.Options.Add(Sandbox);

        Command[] commands =
        [
            InitCommand.Build(),
            CreateCommand.Build(),
            ActCommand.Build(),
            ShowCommand.Build(),
            SearchCommand.Build(),
            SearchCommand.BuildWaiting(),
            SweepCommand.Build(),
            ImportCommand.Build(),
            DiagramCommand.Build(),
            ClockCommand.Build(),
            ScenarioCommand.Build(),
            ExploreCommand.Build(),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        Attach(root, console, error, environment);
        return root;
    }

    /// <summary>Wraps every command's work: builds its context and turns failures into exit codes.</summary>
    private static void Attach(Command command, IAnsiConsole console, TextWriter error, CliEnvironment environment)
    {
        if (command.Action is null && command.Subcommands.Count > 0 && command is not RootCommand)
        {
            command.SetAction(parse =>
            {
                error.WriteLine($"{command.Name}: name a subcommand ({string.Join(", ", command.Subcommands.Select(c => c.Name))}).");
                return ExitCodes.Usage;
            });
        }

        foreach (var sub in command.Subcommands)
        {
            Attach(sub, console, error, environment);
        }

        if (command.WorkOf() is not { } work)
        {
            return;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = StoreSettings.From(parse.GetValue(Database), parse.GetValue(Postgres), environment);
            var context = new CliContext(console, error, environment, settings, parse.GetValue(Json), parse.GetValue(Sandbox), cancellationToken);
            try
            {
                return await work(parse, context);
            }
            catch (CliException e)
            {
                await error.WriteLineAsync(e.Message);
                return e.ExitCode;
            }
            catch (SupervisionStoreException e)
            {
                await error.WriteLineAsync($"The store refused: {e.Message}");
                return ExitCodes.Store;
            }
            catch (DbException e)
            {
                await error.WriteLineAsync($"The store refused: {e.Message}");
                return ExitCodes.Store;
            }
            catch (FormatException e) when (e.Message.StartsWith("The stored ", StringComparison.Ordinal))
            {
                // A stored document the library cannot read (a damaged row): the store's fault, not the caller's.
                await error.WriteLineAsync($"The store holds a damaged row: {e.Message}");
                return ExitCodes.Store;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("Stopped.");
                return ExitCodes.Done;
            }
        });
    }
}
