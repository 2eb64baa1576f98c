namespace KooGallery.Supervision.AspNetCore;

/// <summary>The answer of GET <c>flows</c>: one page of a search (search, R29).</summary>
/// <param name="Items">The flows of the page, in the stable order.</param>
/// <param name="Next">An opaque cursor: pass it as the <c>after</c> query parameter for the next page; null on the last page.</param>
public sealed record FlowPageResponse(IReadOnlyList<FlowSummary> Items, string? Next);
