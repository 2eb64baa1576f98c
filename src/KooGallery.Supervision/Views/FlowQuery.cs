namespace KooGallery.Supervision;

/// <summary>
/// A search over flows (search, R29). Every criterion that is set must hold; results come in a stable
/// order (placement instant, then order number) with keyset paging through <see cref="After"/>. The appeal
/// queue (<see cref="WaitingOn"/> an operations manager) comes oldest decision deadline first instead.
/// </summary>
/// <remarks>
/// A search first applies one batch of the earliest due timers, then reads the stored stages; a larger
/// backlog is left to the timer sweep.
/// </remarks>
public sealed record FlowQuery
{
    /// <summary>Gets the buyer whose flows to find.</summary>
    public string? BuyerId { get; init; }

    /// <summary>Gets the seller whose flows to find.</summary>
    public string? SellerId { get; init; }

    /// <summary>Gets the product whose flows to find.</summary>
    public string? ProductId { get; init; }

    /// <summary>Gets the stage to find.</summary>
    public Stage? Stage { get; init; }

    /// <summary>Gets the order status to find.</summary>
    public OrderStatus? Status { get; init; }

    /// <summary>Gets the first placement instant to include.</summary>
    public Instant? PlacedFrom { get; init; }

    /// <summary>Gets the placement instant to stop before (exclusive).</summary>
    public Instant? PlacedBefore { get; init; }

    /// <summary>Gets whether to find only stalled flows (true) or only flows not stalled (false).</summary>
    public bool? Stalled { get; init; }

    /// <summary>Gets whether to find only flows under appeal (true) or only flows not under appeal (false).</summary>
    public bool? UnderAppeal { get; init; }

    /// <summary>
    /// Gets an actor: find the flows waiting on it (waiting and the idle clock, R16). For a buyer or a seller, the
    /// flows where it is the party the flow waits on and no appeal is open; for an operations manager, the appeal
    /// queue: every flow with an open appeal, oldest decision deadline first (search, R29).
    /// </summary>
    public Actor? WaitingOn { get; init; }

    /// <summary>Gets the page size.</summary>
    /// <value>
    /// The default value is 50, or <see cref="ServiceSupervisionOptions.MaxSearchPageSize"/> when that is smaller (a
    /// page size of 50 is then read as the largest allowed); at most <see cref="ServiceSupervisionOptions.MaxSearchPageSize"/>.
    /// </value>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The page size of a query that names none.</summary>
    internal const int DefaultPageSize = 50;

    /// <summary>Gets the position after which the page starts: the <see cref="FlowPage.Next"/> of the previous page.</summary>
    public FlowCursor? After { get; init; }
}
