namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>
/// A paid order as a scenario file gives it. What a file leaves out comes from the order it builds on: the
/// scenario's <c>order</c> for a <c>create</c> step, and the defaults below for the scenario's order.
/// </summary>
internal sealed class OrderSpec
{
    public const string DefaultNumber = "ORD-1";

    public const string DefaultBuyer = "buyer-1";

    public const string DefaultSeller = "seller-1";

    /// <summary>The line of the order in its file.</summary>
    public int Line { get; init; }

    public string? Number { get; set; }

    public string? Buyer { get; set; }

    public string? Seller { get; set; }

    public string? Product { get; set; }

    public ProductKind? Kind { get; set; }

    /// <summary>The placement; a relative time counts from the scenario's start.</summary>
    public TimeSpec? Placed { get; set; }

    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public IReadOnlyList<TemplateField>? RequestTemplate { get; set; }

    public IReadOnlyList<TemplateField>? DeliveryTemplate { get; set; }

    public bool? Renewal { get; set; }

    /// <summary>The order given in the file, on top of <paramref name="basis"/> (null: the defaults).</summary>
    public NewServiceFlow ToNewFlow(NewServiceFlow? basis, Instant start) => new()
    {
        OrderNumber = Number ?? basis?.OrderNumber ?? DefaultNumber,
        BuyerId = Buyer ?? basis?.BuyerId ?? DefaultBuyer,
        SellerId = Seller ?? basis?.SellerId ?? DefaultSeller,
        ProductId = Product ?? basis?.ProductId ?? "product-1",
        ProductKind = Kind ?? basis?.ProductKind ?? ProductKind.ProfessionalService,
        PlacedAt = Placed?.Resolve(start) ?? basis?.PlacedAt ?? start,
        AmountPaid = Amount ?? basis?.AmountPaid ?? 1200m,
        Currency = Currency ?? basis?.Currency ?? "CNY",
        RequestTemplate = RequestTemplate ?? basis?.RequestTemplate,
        DeliveryTemplate = DeliveryTemplate ?? basis?.DeliveryTemplate,
        IsRenewal = Renewal ?? basis?.IsRenewal ?? false,
    };
}
