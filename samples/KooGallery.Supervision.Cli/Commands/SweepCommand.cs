using System;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>sweep</c>: applies due timers (completion, stall, long-open, appeal overdue) once, or every interval with --watch.</summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var watch = new Option<bool>("--watch") { Description = "Sweep every interval until Ctrl+C, with a live count." };
        var interval = new Option<string>("--interval") { Description = "With --watch: the time between sweeps (default 30s).", DefaultValueFactory = _ => "30s" };
        var command = new Command("sweep", "Apply the due timers (completion, stall, long-open, appeal overdue) and hand out pending events.") { watch, interval };
        return command.Does(async (parse, context) =>
        {
            var every = Words.ParseDuration(parse.GetValue(interval)!, "--interval");
            if (every <= NodaTime.Duration.Zero)
            {
                throw CliException.Usage("--interval must be longer than zero.");
            }

            await using var store = await context.OpenAsync();
            if (!parse.GetValue(watch))
            {
                var result = await store.Supervisor.ApplyDueTimersAsync(context.CancellationToken);
                var events = store.Events.Take();
                if (context.Json)
                {
                    context.WriteJson(new { result.AsOf, result.FlowsUpdated, result.EventsDispatched, sandbox = store.IsSandbox, events = events.Select(CliJson.Event).ToList() });
                    return ExitCodes.Done;
                }

                context.Console.MarkupLine($"Sweep at {Words.Time(result.AsOf)} ({(store.IsSandbox ? "sandbox clock" : "system clock")}): {result.FlowsUpdated} flow(s) updated, {result.EventsDispatched} event(s) handed out.");
                foreach (var e in events)
                {
                    context.Console.MarkupLine($"  [grey]event[/] [yellow]{e.Kind}[/] on {Words.Escape(e.OrderNumber)} at {Words.Time(e.OccurredAt)}");
                }

                return ExitCodes.Done;
            }

            return await WatchAsync(context, store, every.ToTimeSpan());
        });
    }

    private static async Task<int> WatchAsync(CliContext context, CliStore store, TimeSpan every)
    {
        var sweeps = 0;
        var updated = 0;
        var dispatched = 0;
        async Task<TimerSweepResult?> OnceAsync()
        {
            try
            {
                var result = await store.Supervisor.ApplyDueTimersAsync(context.CancellationToken);
                sweeps++;
                updated += result.FlowsUpdated;
                dispatched += result.EventsDispatched;
                return result;
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        async Task WaitAsync()
        {
            try
            {
                await Task.Delay(every, context.CancellationToken);
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
            }
        }

        if (context.Json)
        {
            // One JSON object a line, one line per sweep, until Ctrl+C.
            while (!context.CancellationToken.IsCancellationRequested)
            {
                if (await OnceAsync() is { } result)
                {
                    context.WriteJson(new { result.AsOf, result.FlowsUpdated, result.EventsDispatched, events = store.Events.Take().Select(CliJson.Event).ToList() }, indented: false);
                }

                await WaitAsync();
            }

            return ExitCodes.Done;
        }

        string Line(TimerSweepResult? last) =>
            $"[bold]{sweeps}[/] sweep(s), [bold]{updated}[/] flow(s) updated, [bold]{dispatched}[/] event(s) handed out" +
            (last is null ? string.Empty : $"; last at {Words.Time(last.AsOf)}") + " [grey](Ctrl+C stops)[/]";

        var status = new Markup(Line(null));
        await context.Console.Live(status).StartAsync(async live =>
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var last = await OnceAsync();
                foreach (var e in store.Events.Take())
                {
                    context.Console.MarkupLine($"  [grey]event[/] [yellow]{e.Kind}[/] on {Words.Escape(e.OrderNumber)} at {Words.Time(e.OccurredAt)}");
                }

                live.UpdateTarget(new Markup(Line(last)));
                live.Refresh();
                await WaitAsync();
            }
        });
        context.Console.MarkupLine($"Stopped after {sweeps} sweep(s): {updated} flow(s) updated, {dispatched} event(s) handed out.");
        return ExitCodes.Done;
    }
}
