namespace KooGallery.Supervision;

/// <summary>One flow in a search result (search, R29).</summary>
public sealed record FlowSummary
{
    /// <summary>Gets the order number.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the buyer's id.</summary>
    public required string BuyerId { get; init; }

    /// <summary>Gets the seller's id.</summary>
    public required string SellerId { get; init; }

    /// <summary>Gets the product's id.</summary>
    public required string ProductId { get; init; }

    /// <summary>Gets the stage.</summary>
    public required Stage Stage { get; init; }

    /// <summary>Gets the order status.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Gets the placement instant.</summary>
    public required Instant PlacedAt { get; init; }

    /// <summary>Gets whom the flow waits on.</summary>
    public required Party WaitingOn { get; init; }

    /// <summary>Gets whether the waited-on party has stalled at the search instant.</summary>
    public required bool IsStalled { get; init; }

    /// <summary>Gets whether an appeal is open.</summary>
    public required bool UnderAppeal { get; init; }

    /// <summary>Gets the flow's version.</summary>
    public required long Version { get; init; }

    /// <summary>Gets the decision deadline of the open appeal (the decision deadline, R25), or null when no appeal is open.</summary>
    public Instant? DecisionDueAt { get; init; }

    /// <summary>Creates the summary of a flow at an instant.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="now">The instant the stall is evaluated at.</param>
    /// <returns>The summary.</returns>
    public static FlowSummary Of(ServiceFlow flow, Instant now)
    {
        System.ArgumentNullException.ThrowIfNull(flow);
        return new FlowSummary
        {
            OrderNumber = flow.OrderNumber,
            BuyerId = flow.BuyerId,
            SellerId = flow.SellerId,
            ProductId = flow.ProductId,
            Stage = flow.Stage,
            Status = flow.Status,
            PlacedAt = flow.PlacedAt,
            WaitingOn = flow.WaitingOn,
            IsStalled = flow.IsStalledAt(now),
            UnderAppeal = flow.IsFrozen,
            Version = flow.Version,
            DecisionDueAt = flow.Appeal?.DecisionDueAt,
        };
    }
}
