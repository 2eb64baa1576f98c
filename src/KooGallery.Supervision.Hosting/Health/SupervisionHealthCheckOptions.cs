namespace KooGallery.Supervision.Hosting;

/// <summary>
/// The thresholds of the supervision health check (<c>AddHealthChecks().AddServiceSupervision()</c>). Each measure has
/// a Degraded and an Unhealthy level; null turns that level off. Durations count when they are longer than the
/// level, numbers when they reach it. A store that cannot be read (unreachable, schema missing, damaged or newer
/// than the library), and a background sweep that is expected but not running, are always Unhealthy.
/// </summary>
/// <remarks>
/// The check reads <see cref="ServiceSupervisor.GetStatusAsync"/>: one read of the outbox and of the appeal queue.
/// Unhealthy reports the registration's failure status (Unhealthy unless the registration says otherwise).
/// </remarks>
public sealed class SupervisionHealthCheckOptions
{
    /// <summary>
    /// Gets or sets whether the sweep is checked: the time since the last completed sweep, and, when the hosted sweep
    /// is registered, that its loop runs. Turn it off on nodes that never sweep.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool CheckSweep { get; set; } = true;

    /// <summary>Gets or sets the sweep lag (the time since the last completed sweep) above which the check is Degraded.</summary>
    /// <value>The default value is 5 minutes (ten default sweep intervals); raise it with a longer <see cref="SupervisionHostingOptions.SweepInterval"/>.</value>
    public TimeSpan? SweepLagDegraded { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the sweep lag above which the check is Unhealthy.</summary>
    /// <value>The default value is 30 minutes.</value>
    public TimeSpan? SweepLagUnhealthy { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the number of pending events (deferred ones included) from which the check is Degraded.</summary>
    /// <value>The default value is 100.</value>
    public int? PendingEventsDegraded { get; set; } = 100;

    /// <summary>Gets or sets the number of pending events from which the check is Unhealthy.</summary>
    /// <value>The default value is 1,000.</value>
    public int? PendingEventsUnhealthy { get; set; } = 1_000;

    /// <summary>
    /// Gets or sets the age of the oldest pending event above which the check is Degraded: an event handler has been
    /// failing that long (for example the mail server is down).
    /// </summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan? OldestPendingEventDegraded { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the age of the oldest pending event above which the check is Unhealthy.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan? OldestPendingEventUnhealthy { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets the number of parked flows (their timers cannot be applied) from which the check is Degraded.</summary>
    /// <value>The default value is 1: any parked flow needs a look (an unregistered policy version, a damaged row).</value>
    public int? ParkedFlowsDegraded { get; set; } = 1;

    /// <summary>Gets or sets the number of parked flows from which the check is Unhealthy.</summary>
    /// <value>The default value is 100.</value>
    public int? ParkedFlowsUnhealthy { get; set; } = 100;
}
