using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Web.Orders;

/// <summary>An order of the demo marketplace: what the marketplace knows of it beside its supervised flow.</summary>
public sealed record DemoOrder(string OrderNumber, string ProductId, string BuyerId, string SellerId, decimal AmountPaid, string Currency)
{
    /// <summary>Gets the product, when it is in the catalog.</summary>
    [JsonIgnore]
    public DemoProduct? Product => DemoProduct.Find(ProductId);
}
