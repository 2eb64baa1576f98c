namespace KooGallery.Supervision;

/// <summary>
/// How the supervision is doing at one instant, as <see cref="ServiceSupervisor.GetStatusAsync"/> reads it: the
/// sweep lag and parked flows this supervisor has seen, and the outbox backlog and appeal queue read from the store.
/// The health checks of the hosting package and the library's gauges are built on it.
/// </summary>
public sealed record SupervisionStatus
{
    /// <summary>
    /// The most pending events and open appeals a status counts; a larger number is reported as this one,
    /// so reading a status costs at most this many items whatever the backlog.
    /// </summary>
    public const int CountLimit = 10_000;

    /// <summary>Gets the instant the status was read at (the supervisor's clock).</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the instant of this supervisor's last completed timer sweep, or null when none completed yet.</summary>
    public Instant? LastSweepAt { get; init; }

    /// <summary>
    /// Gets how long the oldest due timer may have waited, flows parked aside: the time since this supervisor's last
    /// completed sweep, or since it was built when none completed yet. It grows without bound when nothing sweeps.
    /// </summary>
    public required Duration SweepLag { get; init; }

    /// <summary>
    /// Gets the number of events saved and not yet taken by every handler, deferred ones included, counted up to
    /// <see cref="CountLimit"/>.
    /// </summary>
    public required int PendingEvents { get; init; }

    /// <summary>Gets how long ago the oldest pending event counted occurred, or null when none is pending.</summary>
    public Duration? OldestPendingEventAge { get; init; }

    /// <summary>
    /// Gets the number of flows whose timers could not be applied and that this supervisor's sweeps parked, not saved
    /// since. The store keeps the parking itself; this count is what this process has seen since it started.
    /// </summary>
    public required int ParkedFlows { get; init; }

    /// <summary>Gets the number of open appeals (the operations managers' queue), counted up to <see cref="CountLimit"/>.</summary>
    public required int OpenAppeals { get; init; }

    /// <summary>Gets the number of open appeals whose decision deadline has passed (the decision deadline, R25), among those counted.</summary>
    public required int OverdueAppeals { get; init; }
}
