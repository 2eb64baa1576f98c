namespace KooGallery.Supervision;

/// <summary>
/// A position in the stable search order (placement instant, then order number by Unicode code point, the order of
/// its UTF-8 bytes, in every store): the last flow of a page. Pass it as <see cref="FlowQuery.After"/> for the next page.
/// </summary>
/// <param name="PlacedAt">The placement instant of the last flow returned.</param>
/// <param name="OrderNumber">The order number of the last flow returned.</param>
public sealed record FlowCursor(Instant PlacedAt, string OrderNumber)
{
    /// <summary>
    /// Gets the decision deadline of the last flow returned, for the appeal queue (an operations manager's
    /// "waiting on me" search, R29), whose order is the decision deadline, then the order number.
    /// </summary>
    public Instant? DecisionDueAt { get; init; }
}
