namespace KooGallery.Supervision;

/// <summary>
/// Reads a <see cref="SupervisionStatus"/>: the outbox and the appeal queue from the store (bounded by
/// <see cref="SupervisionStatus.CountLimit"/>), the sweep and parked flows from the <see cref="SupervisionMonitor"/>.
/// Only reads: nothing is claimed, caught up or saved.
/// </summary>
internal sealed class StatusReader(IServiceFlowStore store, SupervisionMonitor monitor, ServiceSupervisionOptions options)
{
    /// <summary>The operations manager the appeal queue is read as; any operations manager sees the whole queue (search, R29).</summary>
    private static readonly Actor Observer = Actor.OperationsManager("koogallery.supervision.status");

    public async ValueTask<SupervisionStatus> ReadAsync(Instant now, CancellationToken cancellationToken)
    {
        // Instant.MaxValue: deferred events count too, whenever their retry is due.
        var pending = await store.ReadPendingEventsAsync(Instant.MaxValue, SupervisionStatus.CountLimit, cancellationToken).ConfigureAwait(false);
        Instant? oldest = null;
        foreach (var pendingEvent in pending)
        {
            if (oldest is not { } known || pendingEvent.OccurredAt < known)
            {
                oldest = pendingEvent.OccurredAt;
            }
        }

        var (open, overdue) = await CountAppealsAsync(now, cancellationToken).ConfigureAwait(false);
        var status = new SupervisionStatus
        {
            AsOf = now,
            LastSweepAt = monitor.LastSweepAt,
            SweepLag = monitor.SweepLag(now),
            PendingEvents = await store.CountPendingEventsAsync(SupervisionStatus.CountLimit, cancellationToken).ConfigureAwait(false),
            OldestPendingEventAge = oldest is { } at ? (now > at ? now - at : Duration.Zero) : null,
            ParkedFlows = monitor.ParkedFlows,
            OpenAppeals = open,
            OverdueAppeals = overdue,
        };
        monitor.StatusRead(status);
        return status;
    }

    private async ValueTask<(int Open, int Overdue)> CountAppealsAsync(Instant now, CancellationToken cancellationToken)
    {
        var query = new FlowQuery { WaitingOn = Observer, PageSize = options.MaxSearchPageSize };
        var open = 0;
        var overdue = 0;
        do
        {
            var page = await store.SearchAsync(query, now, cancellationToken).ConfigureAwait(false);
            foreach (var flow in page.Items)
            {
                open++;

                // Overdue just after the deadline has passed (R25), as the timer raises it.
                if (flow.DecisionDueAt is { } due && due < now)
                {
                    overdue++;
                }
            }

            query = page.Next is { } next ? query with { After = next } : null;
        }
        while (query is not null && open < SupervisionStatus.CountLimit);

        return (open < SupervisionStatus.CountLimit ? open : SupervisionStatus.CountLimit, overdue < SupervisionStatus.CountLimit ? overdue : SupervisionStatus.CountLimit);
    }
}
