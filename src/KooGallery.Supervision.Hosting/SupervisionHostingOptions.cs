namespace KooGallery.Supervision.Hosting;

/// <summary>
/// Options of the hosted start-up and the background timer sweep, configured through
/// <c>AddHostedSupervision(options =&gt; ...)</c> or any other way of configuring
/// <c>IOptions&lt;SupervisionHostingOptions&gt;</c>, and checked when the host starts.
/// </summary>
public sealed class SupervisionHostingOptions
{
    /// <summary>Gets or sets whether the host creates or upgrades the store's schema when it starts.</summary>
    /// <value>The default value is true.</value>
    public bool EnsureSchemaOnStart { get; set; } = true;

    /// <summary>Gets or sets whether the host runs the timer sweep in the background.</summary>
    /// <value>The default value is true.</value>
    public bool RunTimerSweep { get; set; } = true;

    /// <summary>
    /// Gets or sets the time between two timer sweeps. Timers never fire late by more than this plus the
    /// sweep's own time, and reads and commands catch up their own flow in any case (completion, R15).
    /// </summary>
    /// <value>The default value is 30 seconds. Range: 10 milliseconds to 1 day.</value>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets a callback told when a background sweep (or the start-up catch-up) fails; the next interval tries
    /// again. Every failure is logged (event ids 501 and 502) whether or not a callback is set; the callback is a hook
    /// beside the log. An exception it throws is ignored.
    /// </summary>
    /// <value>The default value is null.</value>
    public Action<Exception>? SweepFailed { get; set; }
}
