using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// Options of the service supervisor: the policy versions in force and the engine's own limits.
/// Configure them through <c>services.AddServiceSupervision(options =&gt; ...)</c> (or any other way of configuring
/// <c>IOptions&lt;ServiceSupervisionOptions&gt;</c>); they are checked with <see cref="Validate"/> when the host
/// starts (<c>ValidateOnStart</c>), so a bad policy fails the start with a message naming the field. A
/// <see cref="ServiceSupervisor"/> checks them again when it is built.
/// </summary>
public sealed class ServiceSupervisionOptions
{
    private static readonly TimeSpan MaxConflictBackoff = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets the policy versions. Each applies to orders placed at or after its
    /// <see cref="SupervisionPolicy.EffectiveFrom"/> and before the next one's (policy versions, R33); their
    /// <see cref="SupervisionPolicy.Version"/> names must be unique. The built-in
    /// <see cref="SupervisionPolicy.Default"/> stays in force beside them unless it is cleared: see
    /// <see cref="IncludeDefaultPolicy"/>.
    /// </summary>
    /// <value>
    /// The default value is an empty list, which means <see cref="SupervisionPolicy.Default"/> alone. No null entry;
    /// each policy valid (<see cref="SupervisionPolicy.Validate"/>); unique version names and start instants.
    /// </value>
    public IList<SupervisionPolicy> Policies { get; } = new List<SupervisionPolicy>();

    /// <summary>
    /// Gets or sets whether the built-in <see cref="SupervisionPolicy.Default"/> (version "default", in force from
    /// <see cref="Instant.MinValue"/>) stays registered beside <see cref="Policies"/>: in force for orders placed
    /// before the earliest policy you added, and for the flows that already keep it (policy versions, R33). A policy
    /// you add takes its place when it starts at <see cref="Instant.MinValue"/> (it covers every placement) or is
    /// named "default"; the built-in one is then left out. Set it to false to run only your own policies: an order
    /// placed before the earliest of them is then refused (<see cref="SupervisionErrorReason.NoPolicyInForce"/>).
    /// </summary>
    /// <value>The default value is true. False needs at least one policy in <see cref="Policies"/>.</value>
    public bool IncludeDefaultPolicy { get; set; } = true;

    /// <summary>
    /// Gets or sets how many times a command that lost a race on its flow's version is tried
    /// again (re-checked against the new version) before a Conflict error is returned (concurrency, R31).
    /// </summary>
    /// <value>The default value is 3 attempts in all. Range: 1 to 100.</value>
    public int MaxCommandAttempts { get; set; } = 3;

    /// <summary>
    /// Gets or sets the longest first wait before a command that lost a race on its flow's version is tried
    /// again; each later attempt may wait up to twice as long, and each wait is a random part of that. It
    /// keeps a writer from starving behind faster ones on a hot flow. Zero retries at once.
    /// </summary>
    /// <value>The default value is 2 milliseconds. Range: 0 to 10 seconds.</value>
    public TimeSpan ConflictBackoff { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Gets or sets where the engine's chance comes from: the jitter of <see cref="ConflictBackoff"/> and the ids of the
    /// events. Internal, as Polly keeps its randomizer: tests replace it to make the waits exact. Must be thread-safe.
    /// </summary>
    internal Random Randomizer { get; set; } = Random.Shared;

    /// <summary>Gets or sets how many flows one batch of the timer sweep loads at most.</summary>
    /// <value>The default value is 200. Range: 1 to 10,000.</value>
    public int TimerSweepBatchSize { get; set; } = 200;

    /// <summary>Gets or sets the largest page a search returns (search, R29).</summary>
    /// <value>The default value is 500. Range: 1 to 10,000.</value>
    public int MaxSearchPageSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets a callback told when an event handler throws or times out. The change that raised the event is
    /// saved; the event stays pending and is handed out again by a later dispatch. Every failure is logged (event id
    /// 100) and counted (<c>koogallery.supervision.event_handler.failures</c>) whether or not a callback is set; the
    /// callback is a hook beside them, for example to alert. An exception it throws is ignored.
    /// </summary>
    /// <value>The default value is null.</value>
    public Action<SupervisionEvent, Exception>? EventHandlerFailed { get; set; }

    /// <summary>
    /// Gets or sets a callback told when the timers of one flow cannot be applied during a sweep (for
    /// example its policy version is no longer registered). The sweep parks the flow and goes on with the others;
    /// the failing flow is tried again after its retry delay. Every parking is logged (event id 200) and counted
    /// (<c>koogallery.supervision.flow.parkings</c>) whether or not a callback is set; the callback is a hook beside
    /// them. An exception it throws is ignored.
    /// </summary>
    /// <value>The default value is null.</value>
    public Action<string, Exception>? TimerFailed { get; set; }

    /// <summary>
    /// Gets or sets whether a command (or a read that caught up its flow's timers) hands the events it
    /// raised to the handlers before it returns. Either way the change is committed first and the call
    /// succeeds whatever the handlers do; events not handled stay pending for
    /// <see cref="ServiceSupervisor.DispatchPendingEventsAsync"/> (the hosted sweep calls it). A search and
    /// the timer sweep never run handlers inline. Set it to false to keep handlers off the callers' time
    /// entirely and leave all delivery to the sweep.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool DispatchEventsInline { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one event handler may take with one event. The handler's token is cancelled
    /// then, and the call no longer waits for it: the event stays pending and is deferred like a failure.
    /// </summary>
    /// <value>The default value is 30 seconds. Range: 1 millisecond to 1 hour.</value>
    public TimeSpan EventHandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a failing flow (its timers could not be applied) or a failing event (a handler
    /// threw or timed out) waits before it is tried again the first time; each further failure in a row
    /// doubles the wait, up to <see cref="MaxFailureRetryDelay"/>. A failing flow or event never holds up
    /// the others.
    /// </summary>
    /// <value>The default value is 30 seconds. Range: 1 millisecond to 1 day.</value>
    public TimeSpan FailureRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait before a failing flow or event is tried again (see <see cref="FailureRetryDelay"/>).</summary>
    /// <value>The default value is 1 hour. Range: <see cref="FailureRetryDelay"/> to 7 days.</value>
    public TimeSpan MaxFailureRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how far after the supervisor's clock an order's placement may lie when its flow is created. A flow
    /// is created once its order is paid (creation, R2), so its placement is not expected after now; the margin takes in
    /// a marketplace clock running ahead of the supervisor's and a supervisor clock that went back (the clock, R32). A
    /// placement later than that is refused as a Validation error naming <see cref="NewServiceFlow.PlacedAt"/> (reason
    /// <see cref="SupervisionErrorReason.PlacedInTheFuture"/>): its service would start before its placement, and no
    /// enabling instant could be given (delivery with proof, R12). Creating an order whose flow exists is not judged
    /// again (creating twice, R3). Null accepts any placement in the supported range.
    /// </summary>
    /// <value>The default value is 1 day. Range: 0 (no placement after now) to 30 days, or null.</value>
    public TimeSpan? PlacementClockTolerance { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Checks every option's range and every policy: each one's own ranges (<see cref="SupervisionPolicy.Validate"/>),
    /// unique version names and distinct start instants. Called when the options are registered and when a
    /// supervisor is built; call it yourself after changing options built by hand.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An option or a policy is out of range; <see cref="ArgumentException.ParamName"/> names the option, and the
    /// message the policy version.
    /// </exception>
    public void Validate()
    {
        Within(MaxCommandAttempts, 1, 100, nameof(MaxCommandAttempts));
        if (ConflictBackoff < TimeSpan.Zero || ConflictBackoff > MaxConflictBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(ConflictBackoff), ConflictBackoff, string.Create(CultureInfo.InvariantCulture,
                $"ServiceSupervisionOptions.ConflictBackoff must be from 0 to {MaxConflictBackoff.TotalSeconds} seconds; it was {ConflictBackoff}."));
        }

        Within(TimerSweepBatchSize, 1, 10_000, nameof(TimerSweepBatchSize));
        Within(MaxSearchPageSize, 1, 10_000, nameof(MaxSearchPageSize));
        Within(EventHandlerTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), nameof(EventHandlerTimeout));
        Within(FailureRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(FailureRetryDelay));
        Within(MaxFailureRetryDelay, FailureRetryDelay, TimeSpan.FromDays(7), nameof(MaxFailureRetryDelay));
        if (PlacementClockTolerance is { } tolerance)
        {
            Within(tolerance, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(PlacementClockTolerance));
        }
        if (!IncludeDefaultPolicy && Policies.Count == 0)
        {
            throw new ArgumentException(
                "ServiceSupervisionOptions.IncludeDefaultPolicy is false and ServiceSupervisionOptions.Policies is empty, so no order could get a flow; add a policy, or set IncludeDefaultPolicy to true.",
                nameof(IncludeDefaultPolicy));
        }

        PolicyCatalog.Validate(Policies);
    }

    private static void Within(TimeSpan value, TimeSpan min, TimeSpan max, string option)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(option, value, string.Create(CultureInfo.InvariantCulture,
                $"ServiceSupervisionOptions.{option} must be from {min} to {max}; it was {value}."));
        }
    }

    private static void Within(int value, int min, int max, string option)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(option, value, string.Create(CultureInfo.InvariantCulture,
                $"ServiceSupervisionOptions.{option} must be from {min:N0} to {max:N0}; it was {value:N0}."));
        }
    }
}
