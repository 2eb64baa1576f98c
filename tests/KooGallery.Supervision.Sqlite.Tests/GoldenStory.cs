namespace KooGallery.Supervision.Sqlite.Tests;

/// <summary>
/// The story that wrote Golden/supervision-schema-2.db (see Golden/README.md): five flows driven through
/// the engine on a fake clock with nanosecond instants, with a handler that always fails so every event
/// stays pending. The commands are kept here so a test can send one again as a retry.
/// </summary>
internal static class GoldenStory
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    public static readonly Actor Buyer = Actor.Buyer("buyer-1");

    public static readonly Actor Seller = Actor.Seller("seller-1");

    public static readonly Actor Manager = Actor.OperationsManager("ops-1");

    public static readonly ProofReference Sow = new("Statement of work", "https://files.example/sow.pdf");

    public static readonly ProofReference Acceptance = new("Acceptance \"final\" ü", "https://files.example/acceptance.pdf?v=2&x=<y>");

    /// <summary>The seller's appeal that froze G-3 with its completion pending; a retry of it is answered with the stored outcome.</summary>
    public static readonly OpenAppeal AppealOfG3 = new("g3-appeal", "G-3", Seller, "The buyer does not pay the rest — 你好 \"now\".", [Acceptance, Sow]);

    /// <summary>The request G-1 was submitted with (a template value included).</summary>
    public static readonly SubmitRequest RequestOfG1 = new("g1-submit", "G-1", Buyer, "Please migrate our database.", new Dictionary<string, string> { ["Database"] = "MySQL 8", ["Notes"] = "ü" });

    public static NewServiceFlow Order(string orderNumber, Instant placedAt) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = Buyer.Id,
        SellerId = Seller.Id,
        ProductId = "product-1",
        ProductKind = ProductKind.ProfessionalService,
        AmountPaid = 1234.50m,
        Currency = "CNY",
        PlacedAt = placedAt,
        RequestTemplate = [new TemplateField("Database"), new TemplateField("Notes", Required: false)],
        DeliveryTemplate = [new TemplateField("Verified")],
    };
}
