namespace KooGallery.Supervision.Relational.Tests;

/// <summary>Orders whose flow starts in service (a license), where the seller posts progress updates at once.</summary>
internal static class LicenseOrders
{
    /// <summary>The order <paramref name="orderNumber"/>, placed at 08:00 on 2026-03-02.</summary>
    public static NewServiceFlow Placed(string orderNumber) => new()
    {
        OrderNumber = orderNumber,
        BuyerId = "buyer",
        SellerId = "seller",
        ProductId = "product",
        ProductKind = ProductKind.License,
        AmountPaid = 10m,
        Currency = "CNY",
        PlacedAt = Instant.FromUtc(2026, 3, 2, 8, 0),
    };
}
