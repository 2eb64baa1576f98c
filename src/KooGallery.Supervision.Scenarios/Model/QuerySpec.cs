namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>
/// The criteria of a <c>search</c> step: the query the file gives outright, and what the run resolves when the step
/// runs (placement times written from the scenario's start, and the searching actor).
/// </summary>
internal sealed class QuerySpec
{
    /// <summary>The criteria the file gives outright: parties, product, stage, status, stalled, under appeal, page size.</summary>
    public FlowQuery Criteria { get; set; } = new();

    /// <summary>The earliest placement, from the scenario's start.</summary>
    public TimeSpec? PlacedFrom { get; set; }

    /// <summary>The placement to stay before, from the scenario's start.</summary>
    public TimeSpec? PlacedBefore { get; set; }

    /// <summary>Only flows waiting on the searching actor (for an operations manager: the appeal queue).</summary>
    public bool WaitingOnMe { get; set; }

    /// <summary>The query of the step, for <paramref name="searcher"/> in a scenario that starts at <paramref name="start"/>.</summary>
    public FlowQuery Resolve(Instant start, Actor searcher) => Criteria with
    {
        PlacedFrom = PlacedFrom?.Resolve(start),
        PlacedBefore = PlacedBefore?.Resolve(start),
        WaitingOn = WaitingOnMe ? searcher : null,
    };
}
