namespace KooGallery.Supervision.Relational.Tests;

/// <summary>The paid orders the store tests place: one buyer, one seller, one product, an amount of 10.</summary>
internal static class TestOrders
{
    /// <summary>The order placed at 08:00 on 2026-03-02 when <paramref name="placedAt"/> is null.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="kind">The product kind: a license starts in service, where the seller posts progress updates at once.</param>
    /// <param name="currency">The currency of the amount paid.</param>
    /// <param name="placedAt">The placement instant; null for 08:00 on 2026-03-02.</param>
    public static NewServiceFlow Placed(string orderNumber, ProductKind kind = ProductKind.License, string currency = "CNY", Instant? placedAt = null) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = "buyer",
        SellerId = "seller",
        ProductId = "product",
        ProductKind = kind,
        AmountPaid = 10m,
        Currency = currency,
        PlacedAt = placedAt ?? Instant.FromUtc(2026, 3, 2, 8, 0),
    };
}
