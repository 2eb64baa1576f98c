using System.CommandLine;
using NodaTime;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace KooGallery.Supervision.Cli;

/// <summary><c>create ORDER</c>: creates the service flow of a paid order.</summary>
internal static class CreateCommand
{
    public static Command Build()
    {
        var order = new Argument<string>("ORDER") { Description = "The order number." };
        var buyer = new Option<string>("--buyer") { Description = "The buyer's id.", Required = true };
        var seller = new Option<string>("--seller") { Description = "The seller's id.", Required = true };
        var product = new Option<string>("--product") { Description = "The product's id.", Required = true };
        var kind = new Option<string>("--kind") { Description = "The product kind: professional-service (default), consulting-service, offline-saas, online-saas, license, hardware.", DefaultValueFactory = _ => "professional-service" };
        var amount = new Option<decimal>("--amount") { Description = "The amount paid (default 100).", DefaultValueFactory = _ => 100m };
        var currency = new Option<string>("--currency") { Description = "The currency (default CNY).", DefaultValueFactory = _ => "CNY" };
        var placedAt = new Option<string?>("--placed-at") { Description = "When the order was placed (default: the existing flow's, else now).", HelpName = "INSTANT" };
        var requestFields = new Option<string[]>("--request-field") { Description = "A field of the request template (repeat the option).", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var deliveryFields = new Option<string[]>("--delivery-field") { Description = "A field of the delivery template (repeat the option).", HelpName = "NAME" };
        var command = new Command("create", "Create the service flow of a paid order.") { order, buyer, seller, product, kind, amount, currency, placedAt, requestFields, deliveryFields };
        return command.Does(async (parse, context) =>
        {
            var productKind = Words.Enum<ProductKind>(parse.GetValue(kind)!, "--kind");
            var placed = parse.GetValue(placedAt) is { } text ? Words.ParseInstant(text, "--placed-at") : (Instant?)null; // judged before the store opens
            await using var store = await context.OpenAsync();

            // Without --placed-at the order is placed now, unless its flow exists: then the same command run again
            // finds the same order, as a replay should.
            var orderNumber = parse.GetValue(order)!;
            placed ??= (await store.Store.LoadAsync(orderNumber, context.CancellationToken))?.PlacedAt;
            var flow = new NewServiceFlow
            {
                OrderNumber = orderNumber,
                BuyerId = parse.GetValue(buyer)!,
                SellerId = parse.GetValue(seller)!,
                ProductId = parse.GetValue(product)!,
                ProductKind = productKind,
                AmountPaid = parse.GetValue(amount),
                Currency = parse.GetValue(currency)!,
                PlacedAt = placed ?? store.Now,
                RequestTemplate = (parse.GetValue(requestFields) ?? []).Select(n => new TemplateField(n)).ToList(),
                DeliveryTemplate = (parse.GetValue(deliveryFields) ?? []).Select(n => new TemplateField(n)).ToList(),
            };
            var result = await store.Supervisor.CreateFlowAsync(flow, context.CancellationToken);
            if (!result.IsSuccess)
            {
                return context.Refused(result.Error!);
            }

            var created = result.Value;
            var events = store.Events.Take();
            if (context.Json)
            {
                context.WriteJson(new
                {
                    created.OrderNumber,
                    created.Stage,
                    created.WaitingOn,
                    created.PolicyVersion,
                    created.CreatedAt,
                    events = events.Select(CliJson.Event).ToList(),
                });
            }
            else
            {
                context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"[green]Created[/] {Words.Escape(created.OrderNumber)} at {Words.Time(created.CreatedAt)}: stage [bold]{created.Stage}[/], waiting on {Words.WaitingOn(created.WaitingOn)} (policy {Words.Escape(created.PolicyVersion)})."));
                foreach (var e in events)
                {
                    context.Console.MarkupLine($"  [grey]event[/] [yellow]{e.Kind}[/] on {Words.Escape(e.OrderNumber)} at {Words.Time(e.OccurredAt)}");
                }
            }

            return ExitCodes.Done;
        });
    }
}
