namespace KooGallery.Supervision;

/// <summary>
/// Where flows, their records, command outcomes and outgoing events are kept. Implementations must
/// be safe for concurrent use, save each <see cref="FlowChange"/> atomically with its version check,
/// never change or remove a record, and find due timers without scanning every flow. The
/// conformance tests in the repository check all of this for any implementation.
/// </summary>
public interface IServiceFlowStore
{
    /// <summary>Loads a flow.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow, or null when none has that order number.</returns>
    ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken);

    /// <summary>Reads a flow's operation records in sequence order.</summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records; empty when the flow does not exist.</returns>
    ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the outcome stored under a command id on one flow (command ids, R30). A command id names a command on its
    /// flow: the same id on another flow is another command.
    /// </summary>
    /// <param name="orderNumber">The order number of the flow.</param>
    /// <param name="commandId">The command id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome, or null when no command with that id was accepted on that flow.</returns>
    /// <remarks>
    /// Return the outcome as it was saved: keep the object, or its text from
    /// <see cref="SupervisionStorageFormat.Outcome"/>. It carries the library's own fingerprint of the
    /// command, which is not public; an outcome rebuilt member by member loses it, and a retry is then refused as a
    /// reused id instead of replayed.
    /// </remarks>
    ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a flow and the outcome stored under a command id on it: the first step of every command (command ids,
    /// R30). The outcome must be read no earlier than the flow, so that a first call of the command saved after the
    /// flow was read is caught by the save's version check. The default reads them one after the other
    /// (<see cref="LoadAsync"/>, then <see cref="FindCommandOutcomeAsync"/>); a store that can read both in one
    /// round trip, from one consistent snapshot, should.
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="commandId">The command id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow (null when none has that order number) and the outcome (null when none is stored under the id, and always when the flow is null).</returns>
    async ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        var flow = await LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false);
        return flow is null ? (null, null) : (flow, await FindCommandOutcomeAsync(orderNumber, commandId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Saves a change atomically: the flow when its stored version still equals
    /// <see cref="FlowChange.ExpectedVersion"/>, its records, its events and its command outcome; or nothing.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Whether it was saved, and if not, why: <see cref="FlowSaveResult.CommandIdTaken"/> when the flow
    /// already has an outcome under the command id. A saved change also ends any parking of the flow's
    /// timers (see <see cref="ParkTimersAsync"/>).
    /// </returns>
    ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken);

    /// <summary>Searches flows (search, R29) in the stable order, one page at a time.</summary>
    /// <param name="query">The criteria; its page size is already checked.</param>
    /// <param name="now">The instant stalls are evaluated at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken);

    /// <summary>
    /// Finds flows with a timer due at or before <paramref name="now"/>, earliest first, leaving out parked
    /// flows whose retry instant is still after <paramref name="now"/> (see <see cref="ParkTimersAsync"/>).
    /// A store shared by several nodes may claim the flows it returns for a short lease, so that sweeps
    /// running at once on other nodes skip them; correctness never depends on the claim, since every save
    /// checks the version.
    /// </summary>
    /// <param name="now">The instant.</param>
    /// <param name="maxCount">The most order numbers to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order numbers.</returns>
    ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Parks a flow whose due timers could not be applied (for example its policy version is no longer
    /// registered, or its stored row cannot be read): counts one more failure in a row and keeps the flow
    /// out of <see cref="FindDueAsync"/> until the instant <paramref name="retryAt"/> gives for that count,
    /// so that failing flows never shadow healthy ones. The flow itself is not read or changed; the next
    /// saved change of the flow ends the parking and resets the count.
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="retryAt">Gives the retry instant for the number of failures in a row, this one included (1 for the first).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of failures in a row, this one included; 0 when no flow has that order number.</returns>
    ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// Reads events not yet marked delivered that are due: an event never deferred is always due, a deferred
    /// one from its retry instant on. Events never deferred come first, in the order saved; then deferred
    /// ones, earliest retry instant first (a store keeps this order in an index, so a read costs what it returns).
    /// </summary>
    /// <param name="now">The instant; events deferred past it are left out (see <see cref="DeferEventAsync"/>).</param>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the events not yet marked delivered, due or not, up to <paramref name="maxCount"/>: the backlog the
    /// status and the health check report. By default the events <see cref="ReadPendingEventsAsync"/> returns for any
    /// instant; a store that sets aside events it cannot read counts them too.
    /// </summary>
    /// <param name="maxCount">The most events to count.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of pending events, at most <paramref name="maxCount"/>.</returns>
    async ValueTask<int> CountPendingEventsAsync(int maxCount, CancellationToken cancellationToken) =>
        (await ReadPendingEventsAsync(Instant.MaxValue, maxCount, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>
    /// Defers a pending event whose handler failed: counts one more failed attempt and keeps the event out
    /// of <see cref="ReadPendingEventsAsync"/> until the instant <paramref name="retryAt"/> gives for that count.
    /// Unknown or already delivered ids are ignored.
    /// </summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="retryAt">Gives the retry instant for the number of failed attempts, this one included (1 for the first).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of failed attempts, this one included; 0 when the event is unknown or delivered.</returns>
    ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken);

    /// <summary>Marks events delivered; unknown or already delivered ids are ignored.</summary>
    /// <param name="eventIds">The event ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when they are marked.</returns>
    ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);
}
