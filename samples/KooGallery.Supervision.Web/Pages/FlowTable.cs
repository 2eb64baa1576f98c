namespace KooGallery.Supervision.Web.Pages;

/// <summary>A table of flows from a search, with the id of its table element.</summary>
public sealed record FlowTable(IReadOnlyList<FlowSummary> Flows, string Id);
