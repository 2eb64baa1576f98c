namespace KooGallery.Supervision;

/// <summary>One page of a search (search, R29).</summary>
/// <param name="Items">The flows of the page, in the stable order.</param>
/// <param name="Next">Where the next page starts, or null when this is the last page.</param>
public sealed record FlowPage(IReadOnlyList<FlowSummary> Items, FlowCursor? Next);
