using System.CommandLine;
using NodaTime;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>clock show</c>, <c>clock advance DURATION</c>, <c>clock set INSTANT</c>: the sandbox clock.</summary>
internal static class ClockCommand
{
    public static Command Build()
    {
        var show = new Command("show", "Print the clock the commands use (the sandbox clock, or the system clock).");
        show.Does(async (parse, context) =>
        {
            await using var store = await context.OpenAsync();
            return Print(context, store, store.Now, null);
        });

        var by = new Argument<string>("DURATION") { Description = "How far: 3h, 2d, 90m, 1d4h30m, 45s." };
        var advance = new Command("advance", "Move the sandbox clock forward (then `sweep` applies the timers that came due).") { by };
        advance.Does(async (parse, context) =>
        {
            var step = Words.ParseDuration(parse.GetValue(by)!, "DURATION");
            if (step < Duration.Zero)
            {
                throw CliException.Usage("The sandbox clock only moves forward.");
            }

            await using var store = await RequireSandboxAsync(context);
            var (before, after) = await store.MoveSandboxClockAsync(
                now => step <= Instant.MaxValue - now ? now + step
                    : throw CliException.Usage($"{Words.Time(now)} plus {parse.GetValue(by)} is past the last instant the clock can show."),
                context.CancellationToken);
            return Print(context, store, after, before);
        });

        var to = new Argument<string>("INSTANT") { Description = "The new instant, such as 2026-03-02T09:00:00Z (not earlier than the clock)." };
        var set = new Command("set", "Set the sandbox clock to a later instant.") { to };
        set.Does(async (parse, context) =>
        {
            var instant = Words.ParseInstant(parse.GetValue(to)!, "INSTANT");
            await using var store = await RequireSandboxAsync(context, startAt: instant); // --sandbox without a clock starts it there
            var (before, after) = await store.MoveSandboxClockAsync(
                now => instant >= now ? instant : throw CliException.Usage($"The sandbox clock only moves forward: it is {Words.Time(now)}."),
                context.CancellationToken);
            return Print(context, store, after, before);
        });

        return new Command("clock", "The sandbox clock: show, advance, set (init --sandbox makes one).") { show, advance, set };
    }

    private static async System.Threading.Tasks.Task<CliStore> RequireSandboxAsync(CliContext context, Instant? startAt = null)
    {
        var store = await context.OpenAsync(sandboxStart: startAt);
        if (!store.IsSandbox)
        {
            await store.DisposeAsync();
            throw CliException.Usage("This database runs on the system clock: give --sandbox (or run `init --sandbox`) to keep a sandbox clock in it.");
        }

        return store;
    }

    private static int Print(CliContext context, CliStore store, Instant now, Instant? before)
    {
        if (context.Json)
        {
            context.WriteJson(new { sandbox = store.IsSandbox, now, before });
        }
        else if (before is { } earlier)
        {
            context.Console.MarkupLine($"Sandbox clock: {Words.Time(earlier)} -> [bold]{Words.Time(now)}[/] (+{Words.Duration(now - earlier)}). Run [bold]sweep[/] to apply the timers now due.");
        }
        else
        {
            context.Console.MarkupLine(store.IsSandbox ? $"Sandbox clock: [bold]{Words.Time(now)}[/]" : $"System clock: {Words.Time(now)} (no sandbox clock in this database)");
        }

        return ExitCodes.Done;
    }
}
