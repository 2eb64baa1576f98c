using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>show ORDER --as ROLE:ID</c>: a flow as one actor sees it.</summary>
internal static class ShowCommand
{
    private static readonly Stage[] Strip = [Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.InService, Stage.Delivered, Stage.Accepted, Stage.Completed];

    public static Command Build()
    {
        var order = new Argument<string>("ORDER") { Description = "The order number." };
        var actor = new Option<string>("--as") { Description = "Who looks: buyer:ID, seller:ID or operations-manager:ID.", Required = true, HelpName = "ROLE:ID" };
        var command = new Command("show", "Show a flow: its stages, counts, whom it waits on, stall and appeal, records and the actions allowed now.") { order, actor };
        return command.Does(async (parse, context) =>
        {
            var viewer = Words.Actor(parse.GetValue(actor)!);
            await using var store = await context.OpenAsync();
            var result = await store.Supervisor.GetViewAsync(parse.GetValue(order)!, viewer, context.CancellationToken);
            if (!result.IsSuccess)
            {
                return context.Refused(result.Error!);
            }

            var view = result.Value;
            if (context.Json)
            {
                context.WriteJson(CliJson.View(view));
                return ExitCodes.Done;
            }

            Print(context.Console, view, store.IsSandbox);
            context.PrintEvents(store);
            return ExitCodes.Done;
        });
    }

    public static void Print(IAnsiConsole console, FlowView view, bool sandbox)
    {
        console.MarkupLine($"[bold]{Words.Escape(view.OrderNumber)}[/] as {Words.Escape(Words.Actor(view.Viewer))}, {(sandbox ? "sandbox clock" : "now")} {Words.Time(view.AsOf)}");
        console.MarkupLine(StageStrip(view.Stage));
        console.MarkupLine($"  order status [bold]{view.Status}[/]; rejections: request {view.RequestRejections}, delivery {view.DeliveryRejections}");
        var waiting = view.WaitingOn == Party.Nobody
            ? "  waiting on no one"
            : $"  waiting on {Words.WaitingOn(view.WaitingOn)} for {Words.Duration(view.IdleFor)}";
        console.MarkupLine(waiting + (view.IsStalled ? ": [red]stalled[/]" : string.Empty));
        if (view.ServiceStart is { } start)
        {
            console.MarkupLine($"  service started {Words.Time(start)}");
        }

        if (view.CompletionDueAt is { } due)
        {
            console.MarkupLine($"  completes on schedule at {Words.Time(due)}");
        }

        if (view.NextReminderAllowedAt is { } reminder)
        {
            console.MarkupLine($"  next reminder allowed at {Words.Time(reminder)}");
        }

        if (view.Appeal is { } appeal)
        {
            console.MarkupLine($"  [red]appeal open[/] since {Words.Time(appeal.OpenedAt)} by {Words.Escape(Words.Actor(appeal.OpenedBy))}: \"{Words.Escape(Words.Shorten(appeal.Reason))}\"");
            console.MarkupLine($"    {appeal.FrozenStage} is frozen; decision due {Words.Time(appeal.DecisionDueAt)}{(appeal.OverdueRaised ? ", [red]overdue[/]" : string.Empty)}");
        }
        else if (view.AppealConditions.Count > 0)
        {
            console.MarkupLine("  appeal conditions:");
            foreach (var condition in view.AppealConditions)
            {
                console.MarkupLine($"    {(condition.Holds ? "[green]met[/]    " : "not met")}  {Words.Escape(condition.Description)}");
            }
        }

        if (view.Records.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("records");
            table.AddColumn("#");
            table.AddColumn("at");
            table.AddColumn("who");
            table.AddColumn("action");
            table.AddColumn("stage");
            table.AddColumn("text");
            foreach (var record in view.Records)
            {
                table.AddRow(
                    record.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Words.Time(record.At),
                    Words.Escape(record.ActorRole == ActorRole.System ? "system" : $"{Words.Kebab(record.ActorRole)}:{record.ActorId}"),
                    Words.Kebab(record.Action),
                    record.StageBefore == record.StageAfter ? record.StageAfter.ToString() : $"{record.StageBefore} -> {record.StageAfter}",
                    Words.Escape(record.Text is null ? string.Empty : Words.Shorten(record.Text, 40)));
            }

            console.Write(table);
        }

        console.MarkupLine(view.PermittedActions.Count == 0
            ? $"  {Words.Escape(Words.Actor(view.Viewer))} may do nothing now"
            : $"  {Words.Escape(Words.Actor(view.Viewer))} may now: [bold]{string.Join(", ", view.PermittedActions.Select(a => Words.Kebab(a)))}[/]");
    }

    private static string StageStrip(Stage current)
    {
        var stages = new List<Stage>(Strip);
        if (!stages.Contains(current))
        {
            var after = current switch
            {
                Stage.RequestReturned => Stage.RequestSubmitted,
                Stage.DeliveryRejected => Stage.Delivered,
                _ => Stage.Completed,
            };
            stages.Insert(stages.IndexOf(after) + 1, current);
        }

        return "  " + string.Join(" > ", stages.Select(s => s == current ? $"[black on yellow][[{s}]][/]" : $"[grey]{s}[/]"));
    }
}
