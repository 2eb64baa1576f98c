using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

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

    /// <summary>Finds the outcome stored under a command id (R30).</summary>
    /// <param name="commandId">The command id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome, or null when no command with that id was accepted.</returns>
    ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string commandId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a change atomically: the flow when its stored version still equals
    /// <see cref="FlowChange.ExpectedVersion"/>, its records, its events and its command outcome; or nothing.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was saved, and if not, why.</returns>
    ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken);

    /// <summary>Searches flows (R29) in the stable order, one page at a time.</summary>
    /// <param name="query">The criteria; its page size is already checked.</param>
    /// <param name="now">The instant stalls are evaluated at.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken);

    /// <summary>
    /// Finds flows with a timer due at or before <paramref name="now"/>, earliest first. A store shared by
    /// several nodes may claim the flows it returns for a short lease, so that sweeps running at once on
    /// other nodes skip them; correctness never depends on the claim, since every save checks the version.
    /// </summary>
    /// <param name="now">The instant.</param>
    /// <param name="maxCount">The most order numbers to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order numbers.</returns>
    ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken);

    /// <summary>Reads events not yet marked delivered, oldest first.</summary>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>Marks events delivered; unknown or already delivered ids are ignored.</summary>
    /// <param name="eventIds">The event ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when they are marked.</returns>
    ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);
}
