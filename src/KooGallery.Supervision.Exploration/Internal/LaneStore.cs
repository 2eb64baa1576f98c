namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// Hands every call to the current <see cref="InMemoryServiceFlowStore"/>, which the lane replaces with an empty
/// one before each replay: one supervisor (and its configured state machines) serves every replay.
/// </summary>
internal sealed class LaneStore : IServiceFlowStore
{
    public InMemoryServiceFlowStore Current { get; set; } = new();

    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) => Current.LoadAsync(orderNumber, cancellationToken);

    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) => Current.ReadRecordsAsync(orderNumber, cancellationToken);

    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) => Current.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);

    public ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken) =>
        Current.LoadForCommandAsync(orderNumber, commandId, cancellationToken);

    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) => Current.SaveAsync(change, cancellationToken);

    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => Current.SearchAsync(query, now, cancellationToken);

    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) => Current.FindDueAsync(now, maxCount, cancellationToken);

    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) => Current.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) => Current.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) => Current.DeferEventAsync(eventId, retryAt, cancellationToken);

    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => Current.MarkEventsDeliveredAsync(eventIds, cancellationToken);
}
