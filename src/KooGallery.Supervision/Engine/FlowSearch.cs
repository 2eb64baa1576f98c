namespace KooGallery.Supervision;

/// <summary>
/// A search of flows (search, R29) in its span: the query checked for the viewer, the earliest due timers caught up
/// first, then one page from the store.
/// </summary>
internal sealed class FlowSearch(IServiceFlowStore store, IClock clock, TimerSweeper sweeper, ServiceSupervisionOptions options)
{
    public async ValueTask<SupervisionResult<FlowPage>> SearchAsync(FlowQuery query, Actor viewer, CancellationToken cancellationToken)
    {
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.SearchSpan, orderNumber: null, actor: viewer);
        try
        {
            var page = await FindAsync(query, viewer, cancellationToken).ConfigureAwait(false);
            SupervisionTelemetry.ReadCompleted(span, page);
            return page;
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception, cancellationToken))
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }
    }

    private async ValueTask<SupervisionResult<FlowPage>> FindAsync(FlowQuery query, Actor viewer, CancellationToken cancellationToken)
    {
        var checkedQuery = CallValidation.CheckQuery(query, viewer, options.MaxSearchPageSize);
        if (!checkedQuery.IsSuccess)
        {
            return checkedQuery.Error;
        }

        // R15: a read first catches up timers already due, so a stopped sweeper leaves no stage behind. One
        // bounded batch (the earliest due flows), so a search never pays for a large backlog: with a sweeper
        // running there is none, and the sweep takes whatever a long outage left. Their events are left to the
        // dispatcher: a search never runs other flows' handlers on the caller's time.
        var now = clock.GetCurrentInstant();
        await sweeper.CatchUpAsync(now, maxBatches: 1, cancellationToken).ConfigureAwait(false);
        return await store.SearchAsync(checkedQuery.Value, now, cancellationToken).ConfigureAwait(false);
    }
}
