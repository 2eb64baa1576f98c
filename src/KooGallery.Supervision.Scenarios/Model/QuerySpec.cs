namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>The criteria of a <c>search</c> step.</summary>
internal sealed class QuerySpec
{
    public string? Buyer { get; set; }

    public string? Seller { get; set; }

    public string? Product { get; set; }

    public Stage? Stage { get; set; }

    public OrderStatus? Status { get; set; }

    public TimeSpec? PlacedFrom { get; set; }

    public TimeSpec? PlacedBefore { get; set; }

    public bool? Stalled { get; set; }

    public bool? UnderAppeal { get; set; }

    /// <summary>Only flows waiting on the searching actor (for an operations manager: the appeal queue).</summary>
    public bool WaitingOnMe { get; set; }

    public int? PageSize { get; set; }
}
