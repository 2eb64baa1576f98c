namespace KooGallery.Supervision;

/// <summary>What one run of <see cref="ServiceSupervisor.ApplyDueTimersAsync"/> did.</summary>
/// <param name="AsOf">The instant up to which due timers were applied.</param>
/// <param name="FlowsUpdated">How many flows had due timers applied and saved.</param>
/// <param name="EventsDispatched">How many pending events were handed to the handlers and marked delivered.</param>
public sealed record TimerSweepResult(Instant AsOf, int FlowsUpdated, int EventsDispatched);
