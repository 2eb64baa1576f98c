using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>search</c> (flows by the query's criteria, a page at a time) and <c>waiting</c> (flows waiting on an actor).</summary>
internal static class SearchCommand
{
    public static Command Build()
    {
        var actor = new Option<string>("--as") { Description = "Who searches (default operations-manager:cli; a buyer or seller sees only their own flows).", DefaultValueFactory = _ => "operations-manager:cli", HelpName = "ROLE:ID" };
        var stage = new Option<string?>("--stage") { Description = "Only flows in this stage." };
        var status = new Option<string?>("--status") { Description = "Only flows with this order status: processing, completed, closed." };
        var buyer = new Option<string?>("--buyer") { Description = "Only this buyer's flows." };
        var seller = new Option<string?>("--seller") { Description = "Only this seller's flows." };
        var product = new Option<string?>("--product") { Description = "Only this product's flows." };
        var waitingOn = new Option<string?>("--waiting-on") { Description = "Only flows waiting on this actor.", HelpName = "ROLE:ID" };
        var stalled = new Option<bool?>("--stalled") { Description = "Only stalled (true) or not stalled (false) flows." };
        var underAppeal = new Option<bool?>("--under-appeal") { Description = "Only flows under appeal (true) or not (false)." };
        var placedFrom = new Option<string?>("--placed-from") { Description = "Only orders placed at or after this instant.", HelpName = "INSTANT" };
        var placedBefore = new Option<string?>("--placed-before") { Description = "Only orders placed before this instant.", HelpName = "INSTANT" };
        var pageSize = new Option<int>("--page-size") { Description = "Flows per page (default 20).", DefaultValueFactory = _ => 20 };
        var after = new Option<string?>("--after") { Description = "The cursor printed under the previous page.", HelpName = "CURSOR" };
        var command = new Command("search", "Search flows by stage, status, parties, product, stall, appeal and placement; a page at a time.")
        {
            actor, stage, status, buyer, seller, product, waitingOn, stalled, underAppeal, placedFrom, placedBefore, pageSize, after,
        };
        return command.Does((parse, context) => RunAsync(context, Words.Actor(parse.GetValue(actor)!), new FlowQuery
        {
            Stage = parse.GetValue(stage) is { } s ? Words.Enum<Stage>(s, "--stage") : null,
            Status = parse.GetValue(status) is { } t ? Words.Enum<OrderStatus>(t, "--status") : null,
            BuyerId = parse.GetValue(buyer),
            SellerId = parse.GetValue(seller),
            ProductId = parse.GetValue(product),
            WaitingOn = parse.GetValue(waitingOn) is { } w ? Words.Actor(w) : null,
            Stalled = parse.GetValue(stalled),
            UnderAppeal = parse.GetValue(underAppeal),
            PlacedFrom = parse.GetValue(placedFrom) is { } f ? Words.ParseInstant(f, "--placed-from") : null,
            PlacedBefore = parse.GetValue(placedBefore) is { } b ? Words.ParseInstant(b, "--placed-before") : null,
            PageSize = parse.GetValue(pageSize),
            After = parse.GetValue(after) is { } cursor ? CliJson.ReadCursor(cursor) : null,
        }));
    }

    public static Command BuildWaiting()
    {
        var actor = new Option<string>("--as") { Description = "Whose turn it is: buyer:ID, seller:ID or operations-manager:ID.", Required = true, HelpName = "ROLE:ID" };
        var pageSize = new Option<int>("--page-size") { Description = "Flows per page (default 20).", DefaultValueFactory = _ => 20 };
        var after = new Option<string?>("--after") { Description = "The cursor printed under the previous page.", HelpName = "CURSOR" };
        var command = new Command("waiting", "The flows waiting on an actor (their turn to act).") { actor, pageSize, after };
        return command.Does((parse, context) =>
        {
            var who = Words.Actor(parse.GetValue(actor)!);
            return RunAsync(context, who, new FlowQuery
            {
                WaitingOn = who,
                PageSize = parse.GetValue(pageSize),
                After = parse.GetValue(after) is { } cursor ? CliJson.ReadCursor(cursor) : null,
            });
        });
    }

    private static async Task<int> RunAsync(CliContext context, Actor viewer, FlowQuery query)
    {
        await using var store = await context.OpenAsync();
        var result = await store.Supervisor.SearchAsync(query, viewer, context.CancellationToken);
        if (!result.IsSuccess)
        {
            return context.Refused(result.Error!);
        }

        var page = result.Value;
        if (context.Json)
        {
            context.WriteJson(CliJson.Page(page));
            return ExitCodes.Done;
        }

        if (page.Items.Count == 0)
        {
            context.Console.MarkupLine("No flow matches.");
            return ExitCodes.Done;
        }

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "order", "placed", "buyer", "seller", "stage", "status", "waiting on", "stalled", "appeal" })
        {
            table.AddColumn(column);
        }

        foreach (var flow in page.Items)
        {
            table.AddRow(
                Words.Escape(flow.OrderNumber),
                Words.Time(flow.PlacedAt),
                Words.Escape(flow.BuyerId),
                Words.Escape(flow.SellerId),
                flow.Stage.ToString(),
                flow.Status.ToString(),
                Words.WaitingOn(flow.WaitingOn),
                flow.IsStalled ? "[red]yes[/]" : "no",
                flow.UnderAppeal ? $"[red]due {Words.Time(flow.DecisionDueAt)}[/]" : "no");
        }

        context.Console.Write(table);
        context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{page.Items.Count} flow(s)") + (page.Next is null ? "." : $"; next page: [bold]--after {CliJson.WriteCursor(page.Next)}[/]"));
        return ExitCodes.Done;
    }
}
