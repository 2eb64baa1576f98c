namespace KooGallery.Supervision;

/// <summary>
/// Receives the events of the service flows, after the change that raised them is saved.
/// Register implementations in the service collection; every one receives every event.
/// </summary>
/// <remarks>
/// Delivery is at least once: an event whose handlers threw stays pending and is handed out again
/// by <see cref="ServiceSupervisor.DispatchPendingEventsAsync"/> (which the timer sweep also runs),
/// so a handler must tolerate a repeat of the same <see cref="SupervisionEvent.Id"/>.
/// </remarks>
public interface ISupervisionEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="supervisionEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken);
}
