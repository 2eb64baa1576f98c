using System.Globalization;
using KooGallery.Supervision;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// The deterministic command stream of the crash test, shared by the host that runs it and the test
/// that checks it: command n acts on flow n mod Flows, alternating delivery and rejection per flow,
/// with a progress update every third command of a flow.
/// </summary>
public static class CrashPlan
{
    public const int Flows = 8;

    public static IClock Clock { get; } = new FixedClock(Instant.FromUtc(2026, 3, 2, 9, 0));

    public static string OrderNumber(int flow) => "CRASH-" + flow.ToString(CultureInfo.InvariantCulture);

    public static NewServiceFlow Order(int flow) => new()
    {
        OrderNumber = OrderNumber(flow),
        BuyerId = "buyer",
        SellerId = "seller",
        ProductId = "license",
        ProductKind = ProductKind.License,
        AmountPaid = 99m,
        Currency = "CNY",
        PlacedAt = Instant.FromUtc(2026, 3, 2, 8, 0),
    };

    public static SupervisionCommand Command(int number)
    {
        var flow = number % Flows;
        var step = number / Flows; // the step-th command of this flow
        var id = "crash-" + number.ToString(CultureInfo.InvariantCulture);
        var order = OrderNumber(flow);
        return (step % 3) switch
        {
            0 => new Deliver(id, order, Actor.Seller("seller"), new ProofReference("SOW", "https://f.example/sow"), new ProofReference("Acceptance", "https://f.example/acc")),
            1 => new RejectDelivery(id, order, Actor.Buyer("buyer"), "Rejected in step " + step.ToString(CultureInfo.InvariantCulture)),
            _ => new PostProgressUpdate(id, order, Actor.Seller("seller"), "Reworking after step " + step.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
