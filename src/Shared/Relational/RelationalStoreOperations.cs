#if SUPERVISION_SQLITE
namespace KooGallery.Supervision.Sqlite;
#else
namespace KooGallery.Supervision.PostgreSql;
#endif

// The operations of a relational store's public type, written once: each hands the call to the store's
// RelationalFlowStore. This file is compiled into the SQLite and the PostgreSQL package, each for its own
// store type (the project defines SUPERVISION_SQLITE or SUPERVISION_POSTGRESQL).
#if SUPERVISION_SQLITE
public sealed partial class SqliteServiceFlowStore
#else
public sealed partial class PostgreSqlServiceFlowStore
#endif
{
    /// <inheritdoc />
    public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) => _relational.EnsureSchemaAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) => _relational.LoadAsync(orderNumber, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
        _relational.ReadRecordsAsync(orderNumber, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) =>
        _relational.FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One statement reads both, from one snapshot of the database.</remarks>
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken) =>
        _relational.LoadForCommandAsync(orderNumber, commandId, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed (for example it is read-only) or could not be reached; nothing was saved. The exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) => _relational.SaveAsync(change, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) => _relational.SearchAsync(query, now, cancellationToken);

    /// <inheritdoc />
    /// <remarks>On PostgreSQL the flows returned are claimed for a while, so sweeps on other nodes skip them (see the store's remarks).</remarks>
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _relational.FindDueAsync(now, maxCount, cancellationToken);

    /// <inheritdoc />
    /// <remarks>On PostgreSQL parking also ends the flow's timer claim (see <see cref="FindDueAsync"/>).</remarks>
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _relational.ParkTimersAsync(orderNumber, retryAt, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _relational.ReadPendingEventsAsync(now, maxCount, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Counts every event not yet delivered, those set aside because their stored body cannot be read included.</remarks>
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<int> CountPendingEventsAsync(int maxCount, CancellationToken cancellationToken) =>
        _relational.CountPendingEventsAsync(maxCount, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database cannot be used (no or an older schema, not a database, another application's, a newer schema), failed or could not be reached.</exception>
    public ValueTask<int?> CheckSchemaAsync(CancellationToken cancellationToken = default) => _relational.CheckSchemaAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _relational.DeferEventAsync(eventId, retryAt, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The database failed or could not be reached; the exception names it (never a password) and holds the driver's error.</exception>
    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        _relational.MarkEventsDeliveredAsync(eventIds, cancellationToken);
}
