namespace KooGallery.Supervision.Tests.Support;

/// <summary>A store that hands every call to another; tests override the calls they watch or disturb.</summary>
public abstract class DelegatingStore(IServiceFlowStore inner) : IServiceFlowStore
{
    protected IServiceFlowStore Inner { get; } = inner;

    public virtual ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) => Inner.LoadAsync(orderNumber, cancellationToken);

    public virtual ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => Inner.ReadRecordsAsync(orderNumber, cancellationToken);

    public virtual ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) => Inner.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);

    public virtual ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) => Inner.SaveAsync(change, cancellationToken);

    public virtual ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => Inner.SearchAsync(query, now, cancellationToken);

    public virtual ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => Inner.FindDueAsync(now, maxCount, cancellationToken);

    public virtual ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => Inner.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    public virtual ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => Inner.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    // Forwarded, not left to the interface's default: a wrapped SQL store counts set-aside events the default cannot see.
    public virtual ValueTask<int> CountPendingEventsAsync(int maxCount, CancellationToken cancellationToken) => Inner.CountPendingEventsAsync(maxCount, cancellationToken);

    public virtual ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => Inner.DeferEventAsync(eventId, retryAt, cancellationToken);

    public virtual ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => Inner.MarkEventsDeliveredAsync(eventIds, cancellationToken);
}

/// <summary>Counts searches and pending events read.</summary>
public sealed class CountingStore(IServiceFlowStore inner) : DelegatingStore(inner)
{
    private int _searches;
    private int _pendingEventsRead;

    public int Searches => _searches;

    public int PendingEventsRead => _pendingEventsRead;

    public override ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _searches);
        return base.SearchAsync(query, now, cancellationToken);
    }

    public override async ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        var events = await base.ReadPendingEventsAsync(now, maxCount, cancellationToken);
        Interlocked.Add(ref _pendingEventsRead, events.Count);
        return events;
    }
}

/// <summary>Runs an action just before the next read of records, as a concurrent command would.</summary>
public sealed class InterleavingStore(IServiceFlowStore inner) : DelegatingStore(inner)
{
    public Func<Task>? BeforeNextRecordsRead { get; set; }

    public override async ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        if (BeforeNextRecordsRead is { } action)
        {
            BeforeNextRecordsRead = null;
            await action();
        }

        return await base.ReadRecordsAsync(orderNumber, cancellationToken);
    }
}
