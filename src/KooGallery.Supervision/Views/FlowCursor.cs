using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// A position in the stable search order (placement instant, then order number by ordinal
/// comparison): the last flow of a page. Pass it as <see cref="FlowQuery.After"/> for the next page.
/// </summary>
/// <param name="PlacedAt">The placement instant of the last flow returned.</param>
/// <param name="OrderNumber">The order number of the last flow returned.</param>
public sealed record FlowCursor(Instant PlacedAt, string OrderNumber);
