using KooGallery.Supervision;
using NodaTime;
using NodaTime.Testing;

namespace KooGallery.Supervision.Benchmarks;

/// <summary>Flows and commands the benchmarks share.</summary>
internal static class Stories
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    public static readonly Actor Buyer = Actor.Buyer("buyer");
    public static readonly Actor Seller = Actor.Seller("seller");
    public static readonly ProofReference Sow = new("Statement of work", "https://files.example/sow.pdf");
    public static readonly ProofReference Acceptance = new("Acceptance document", "https://files.example/acceptance.pdf");

    public static NewServiceFlow Order(string orderNumber, ProductKind kind = ProductKind.ProfessionalService, Instant? placedAt = null) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = "product",
        ProductKind = kind,
        AmountPaid = 1200m,
        Currency = "CNY",
        PlacedAt = placedAt ?? Start - Duration.FromHours(1),
    };

    public static async Task MustAsync(ServiceSupervisor supervisor, SupervisionCommand command)
    {
        var result = await supervisor.ExecuteAsync(command);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{command.CommandId}: {result.Error}");
        }
    }

    /// <summary>A license flow (starts InService) driven to Accepted: completion due 3 hours after the clock's now.</summary>
    public static async Task AcceptedAsync(ServiceSupervisor supervisor, string order)
    {
        (await supervisor.CreateFlowAsync(Order(order, ProductKind.License))).GetValueOrThrow();
        await MustAsync(supervisor, new Deliver(order + "-d", order, Seller, Sow, Acceptance));
        await MustAsync(supervisor, new AcceptDelivery(order + "-a", order, Buyer));
    }

    /// <summary>
    /// Sets the clock back to <see cref="Start"/>, adds <paramref name="count"/> newly accepted flows and
    /// moves the clock to when their completions are due: the set-up of one timer sweep iteration.
    /// </summary>
    public static void AddDueFlows(ServiceSupervisor supervisor, FakeClock clock, string prefix, int count)
    {
        clock.Reset(Start);
        for (var i = 0; i < count; i++)
        {
            AcceptedAsync(supervisor, prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }

        clock.Advance(Duration.FromHours(3));
    }

    /// <summary>The typical story: created, request submitted and accepted, delivered, accepted, completed (six records).</summary>
    public static async Task CompletedStoryAsync(ServiceSupervisor supervisor, FakeClock clock, string order)
    {
        (await supervisor.CreateFlowAsync(Order(order))).GetValueOrThrow();
        await MustAsync(supervisor, new SubmitRequest(order + "-s", order, Buyer, "Please migrate the order database to the new cluster."));
        await MustAsync(supervisor, new AcceptRequest(order + "-ar", order, Seller));
        await MustAsync(supervisor, new Deliver(order + "-d", order, Seller, Sow, Acceptance));
        await MustAsync(supervisor, new AcceptDelivery(order + "-a", order, Buyer));
        _ = clock;
    }
}
