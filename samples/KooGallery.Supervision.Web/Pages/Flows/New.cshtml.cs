using System.Globalization;
using KooGallery.Supervision.Web.Identity;
using KooGallery.Supervision.Web.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace KooGallery.Supervision.Web.Pages.Flows;

/// <summary>
/// DEVELOPMENT ONLY: places a demo order and creates its flow, so a person can start a story. In a real marketplace
/// the order system calls CreateFlowAsync when a supervised order is paid. Off (404) unless the development tools are on.
/// </summary>
public sealed class NewModel(SampleSettings settings, ServiceSupervisor supervisor, DemoOrderBook orders, IClock clock) : PageModel
{
    [BindProperty]
    public string OrderNumber { get; set; } = string.Empty;

    [BindProperty]
    public string ProductId { get; set; } = DemoProduct.Catalog[0].Id;

    [BindProperty]
    public string BuyerId { get; set; } = "alice";

    [BindProperty]
    public string SellerId { get; set; } = "bytecraft";

    public SupervisionError? Refusal { get; private set; }

    public IActionResult OnGet()
    {
        if (!settings.DevelopmentTools)
        {
            return NotFound();
        }

        var actor = User.ToActor();
        BuyerId = actor is { Role: ActorRole.Buyer } ? actor.Id : BuyerId;
        SellerId = actor is { Role: ActorRole.Seller } ? actor.Id : SellerId;
        OrderNumber = "ORD-" + clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!settings.DevelopmentTools)
        {
            return NotFound();
        }

        if (DemoProduct.Find(ProductId) is not { } product)
        {
            Refusal = new SupervisionError { Code = SupervisionErrorCode.Validation, Message = "Pick a product of the catalog." };
            return Page();
        }

        // Empty fields bind to null: the library refuses them by name, with the rest of its checks.
        var number = OrderNumber?.Trim() ?? string.Empty;
        if (string.Equals(number, "new", StringComparison.OrdinalIgnoreCase) || number is "." or "..")
        {
            // Such a number is a path the pages cannot reach (/flows/new is this page; dot segments are removed).
            Refusal = new SupervisionError { Code = SupervisionErrorCode.Validation, Reason = SupervisionErrorReason.InvalidInput, Message = $"The order number '{number}' cannot be reached at /flows/{number}: choose another." };
            return Page();
        }

        var order = new DemoOrder(number, product.Id, BuyerId?.Trim() ?? string.Empty, SellerId?.Trim() ?? string.Empty, product.Price, "CNY");
        var created = await supervisor.CreateFlowAsync(new NewServiceFlow
        {
            OrderNumber = order.OrderNumber,
            BuyerId = order.BuyerId,
            SellerId = order.SellerId,
            ProductId = product.Id,
            ProductKind = product.Kind,
            AmountPaid = order.AmountPaid,
            Currency = order.Currency,
            PlacedAt = clock.GetCurrentInstant(),
            RequestTemplate = product.RequestTemplate,
            DeliveryTemplate = product.DeliveryTemplate,
        }, HttpContext.RequestAborted);
        if (!created.IsSuccess)
        {
            Refusal = created.Error;
            return Page();
        }

        orders.Add(order);
        TempData["Notice"] = $"Order {order.OrderNumber} placed and its flow created.";
        return Redirect("/flows/" + Uri.EscapeDataString(order.OrderNumber));
    }
}
