using System.CommandLine;
using NodaTime;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>init</c>: makes the database and its schema (and, with --sandbox, its fake clock).</summary>
internal static class InitCommand
{
    public static Command Build()
    {
        var start = new Option<string?>("--start") { Description = "With --sandbox: the sandbox clock's first instant (default: now, to the minute).", HelpName = "INSTANT" };
        var command = new Command("init", "Create the database and its schema (SQLite file by default; --postgres for PostgreSQL).") { start };
        return command.Does(async (parse, context) =>
        {
            Instant? first = parse.GetValue(start) is { } text ? Words.ParseInstant(text, "--start") : null;
            if (first is not null && !context.Sandbox)
            {
                throw CliException.Usage("--start sets the sandbox clock: give --sandbox with it.");
            }

            await using var store = await context.OpenAsync(create: true, sandboxStart: first);
            if (context.Json)
            {
                context.WriteJson(new { store = context.StoreSettings.Describe(), sandbox = store.IsSandbox, now = store.Now });
            }
            else
            {
                context.Console.MarkupLine($"[green]Ready:[/] {Words.Escape(context.StoreSettings.Describe())}");
                context.Console.MarkupLine(store.IsSandbox
                    ? $"Sandbox clock at {Words.Time(store.Now)}: move it with [bold]clock advance 3h[/]."
                    : $"System clock ({Words.Time(store.Now)}).");
            }

            return ExitCodes.Done;
        });
    }
}
