using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KooGallery.Supervision;

/// <summary>
/// The one telemetry component of a supervisor: its logger, its meter with every instrument, and the library's
/// activity source. The engine's parts report through it; the names, units and tags are listed in the README
/// ("Running it in production"). Thread-safe. Disposing it disposes the meter when the supervisor created it
/// itself (no <see cref="IMeterFactory"/> was given).
/// </summary>
internal sealed partial class SupervisionTelemetry : IDisposable
{
    /// <summary>The span names, one per kind of call.</summary>
    public const string CreateFlowSpan = "supervision.create_flow";
    public const string CommandSpan = "supervision.command";
    public const string ViewSpan = "supervision.view";
    public const string PermittedActionsSpan = "supervision.permitted_actions";
    public const string SearchSpan = "supervision.search";
    public const string SweepSpan = "supervision.sweep";
    public const string DispatchSpan = "supervision.dispatch";
    public const string HandleEventSpan = "supervision.handle_event";

    private static readonly string? LibraryVersion = typeof(SupervisionTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The library's activity source; activities are created only while something listens to it.</summary>
    public static readonly ActivitySource Source = new(SupervisionDiagnostics.ActivitySourceName, LibraryVersion);

    private static readonly double[] CallBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] DelayBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

    private readonly bool _ownsMeter;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _commandDuration;
    private readonly Counter<long> _lostRaces;
    private readonly Counter<long> _flowsCreated;
    private readonly Counter<long> _timersApplied;
    private readonly Histogram<double> _timerDelay;
    private readonly Histogram<double> _sweepDuration;
    private readonly Counter<long> _eventsDelivered;
    private readonly Counter<long> _handlerFailures;
    private readonly Histogram<double> _handlerDuration;
    private readonly Counter<long> _parkings;
    private readonly List<Instrument> _statusGauges = []; // the gauges read from the store's status after a sweep

    public SupervisionTelemetry(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, SupervisionMonitor monitor, IClock clock, TimeProvider time)
    {
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SupervisionDiagnostics.LogCategory);
        Time = time;
        var meterOptions = new MeterOptions(SupervisionDiagnostics.MeterName) { Version = LibraryVersion };
        if (meterFactory is null)
        {
            Meter = new Meter(meterOptions);
            _ownsMeter = true;
        }
        else
        {
            Meter = meterFactory.Create(meterOptions);
        }

        // Commands and flow creation.
        _commands = Meter.CreateCounter<long>("koogallery.supervision.commands", "{command}",
            "Commands executed and flows created, by action and outcome (success, replay, an error code, or error for an exception).");
        _commandDuration = SecondsHistogram("koogallery.supervision.command.duration",
            "How long a command or flow creation took, by action and outcome.", CallBuckets);
        _lostRaces = Meter.CreateCounter<long>("koogallery.supervision.lost_races", "{race}",
            "Saves that lost the race on their flow's version, by action and resolution (retried, or gave_up).");
        _flowsCreated = Meter.CreateCounter<long>("koogallery.supervision.flows.created", "{flow}",
            "Flows created, by product kind.");

        // Timers and the sweep.
        _timersApplied = Meter.CreateCounter<long>("koogallery.supervision.timers.applied", "{timer}",
            "Timers applied (completion, stall, long_open, appeal_overdue), by the sweep or by a call that caught its flow up.");
        Meter.CreateObservableGauge("koogallery.supervision.sweep.lag", () => monitor.SweepLag(clock.GetCurrentInstant()).TotalSeconds, "s",
            "How long the oldest due timer may have waited, parked flows aside: the time since the last completed sweep.");
        _sweepDuration = SecondsHistogram("koogallery.supervision.sweep.duration",
            "How long a timer sweep (due timers and pending events) took, by outcome (success or error).", CallBuckets);
        _timerDelay = SecondsHistogram("koogallery.supervision.timer.delay",
            "How long after its due instant a timer was applied, by timer.", DelayBuckets);
        _parkings = Meter.CreateCounter<long>("koogallery.supervision.flow.parkings", "{parking}",
            "Flows parked by a sweep because their timers could not be applied.");
        Meter.CreateObservableGauge("koogallery.supervision.flows.parked", () => (long)monitor.ParkedFlows, "{flow}",
            "Flows this process's sweeps parked and that were not saved since.");

        // Events and their handlers.
        _eventsDelivered = Meter.CreateCounter<long>("koogallery.supervision.events.delivered", "{event}",
            "Events taken by every handler, by event kind.");
        _handlerFailures = Meter.CreateCounter<long>("koogallery.supervision.event_handler.failures", "{failure}",
            "Event handler calls that threw or timed out, by handler, event kind and error type; the event stays pending.");
        _handlerDuration = SecondsHistogram("koogallery.supervision.event_handler.duration",
            "How long one handler took with one event, by handler, event kind and outcome (delivered, failed, timed_out).", CallBuckets);
        LastStatusGauge("koogallery.supervision.outbox.pending", monitor, s => (long)s.PendingEvents, "{event}",
            "Events not yet taken by every handler, deferred ones included, as of the last sweep (counted up to 10,000).");
        LastStatusGauge("koogallery.supervision.outbox.oldest_age", monitor, s => s.OldestPendingEventAge?.TotalSeconds ?? 0, "s",
            "How long ago the oldest pending event occurred, as of the last sweep; 0 when none is pending.");

        // Appeals.
        LastStatusGauge("koogallery.supervision.appeals.open", monitor, s => (long)s.OpenAppeals, "{appeal}",
            "Open appeals waiting on the operations managers, as of the last sweep.");
        LastStatusGauge("koogallery.supervision.appeals.overdue", monitor, s => (long)s.OverdueAppeals, "{appeal}",
            "Open appeals past their decision deadline, as of the last sweep.");
    }

    public ILogger Logger { get; }

    public Meter Meter { get; }

    public TimeProvider Time { get; }

    /// <summary>Gets whether anything listens to the gauges read from the store, so a sweep should read a status for them.</summary>
    public bool StatusObserved => _statusGauges.Exists(static gauge => gauge.Enabled);

    /// <summary>Starts a span of a call on one flow; null when nothing listens.</summary>
    public static Activity? StartFlowSpan(string name, string? orderNumber, SupervisionAction? action = null, Actor? actor = null)
    {
        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.OrderNumber, orderNumber);
            if (action is { } known)
            {
                activity.SetTag(TelemetryTags.Action, known.ToString());
            }

            if (actor is not null)
            {
                activity.SetTag(TelemetryTags.ActorRole, actor.Role.ToString());
            }
        }

        return activity;
    }

    /// <summary>Starts the span of a sweep, a search or a dispatch; null when nothing listens.</summary>
    public static Activity? StartSpan(string name) => Source.StartActivity(name);

    /// <summary>Starts the span of one handler call with one event, linked to the span that raised the event.</summary>
    public static Activity? StartHandlerSpan(string handler, SupervisionEvent supervisionEvent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (supervisionEvent.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, isRemote: true, out var raisedBy))
        {
            links = [new ActivityLink(raisedBy)];
        }

        var activity = Source.StartActivity(HandleEventSpan, ActivityKind.Consumer, parentContext: default, tags: null, links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Handler, handler);
            activity.SetTag(TelemetryTags.EventKind, supervisionEvent.Kind.ToString());
            activity.SetTag(TelemetryTags.EventId, supervisionEvent.Id.ToString("D"));
            activity.SetTag(TelemetryTags.OrderNumber, supervisionEvent.OrderNumber);
        }

        return activity;
    }

    /// <summary>Marks a span failed by an exception (a store failure, a handler that threw).</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(TelemetryTags.ErrorType, exception.GetType().FullName);
        activity.SetTag(TelemetryTags.Outcome, TelemetryTags.Error);
        activity.AddException(exception);
    }

    /// <summary>
    /// Marks a span failed by an exception, or cancelled when the exception is the cancellation its caller asked for
    /// with <paramref name="cancellationToken"/> (a host stopping is no failure); returns false, for an exception filter.
    /// </summary>
    public static bool Observe(Activity? activity, Exception exception, CancellationToken cancellationToken)
    {
        if (!Stopped(activity, exception, cancellationToken))
        {
            Failed(activity, exception);
        }

        return false;
    }

    /// <summary>Whether <paramref name="exception"/> is the cancellation asked for with <paramref name="cancellationToken"/>; if so, the span says it was cancelled.</summary>
    public static bool Stopped(Activity? activity, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        activity?.SetTag(TelemetryTags.Outcome, TelemetryTags.Cancelled);
        return true;
    }

    /// <summary>
    /// Runs a command or a creation in its span, measuring its duration and outcome; <paramref name="call"/> is static
    /// and gets what it needs as <paramref name="state"/>, so no closure is allocated per call. The value task returned is
    /// the caller's, who may block on it (<c>GetAwaiter().GetResult()</c>): it holds the result, or a task, never the
    /// pooled state machine that measures the call (a task that only waits for it is smaller than a state machine of its own).
    /// </summary>
    public ValueTask<SupervisionResult<T>> MeasuredAsync<TState, T>(string spanName, string orderNumber, SupervisionAction action, Actor? actor, TState state, Func<TState, Activity?, ValueTask<SupervisionResult<T>>> call, CancellationToken cancellationToken)
    {
        var measured = MeasureAsync(spanName, orderNumber, action, actor, state, call, cancellationToken);
        return measured.IsCompletedSuccessfully ? new(measured.Result) : new(measured.AsTask());
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<SupervisionResult<T>> MeasureAsync<TState, T>(string spanName, string orderNumber, SupervisionAction action, Actor? actor, TState state, Func<TState, Activity?, ValueTask<SupervisionResult<T>>> call, CancellationToken cancellationToken)
    {
        using var span = StartFlowSpan(spanName, orderNumber, action, actor);
        var startedAt = CommandStarted();
        try
        {
            var result = await call(state, span).ConfigureAwait(false);
            CommandCompleted(span, action, startedAt, result, orderNumber);
            return result;
        }
        catch (Exception exception) when (CommandFailed(span, action, startedAt, exception, cancellationToken))
        {
            throw; // never reached: the filter records the failure and lets it pass
        }
    }

    /// <summary>
    /// The timestamp a command's duration is measured from, or null while nothing listens to the duration histogram:
    /// a command then reads no clock (such a command's duration is not recorded, should a listener come meanwhile).
    /// </summary>
    public long? CommandStarted() => _commandDuration.Enabled ? Time.GetTimestamp() : null;

    /// <summary>Records a command (or a flow creation) that returned, on its span and its instruments.</summary>
    public void CommandCompleted<T>(Activity? activity, SupervisionAction action, long? startedAt, SupervisionResult<T> result, string? orderNumber)
    {
        string outcome;
        if (result.IsSuccess)
        {
            outcome = result.Value is CommandOutcome { IsReplay: true } ? TelemetryTags.Replay : TelemetryTags.Success;
            if (activity is { IsAllDataRequested: true } && result.Value is CommandOutcome done)
            {
                activity.SetTag(TelemetryTags.StageBefore, done.StageBefore.ToString());
                activity.SetTag(TelemetryTags.StageAfter, done.StageAfter.ToString());
                activity.SetTag(TelemetryTags.FlowVersion, done.FlowVersion);
            }
            else if (activity is { IsAllDataRequested: true } && result.Value is ServiceFlow flow)
            {
                activity.SetTag(TelemetryTags.StageAfter, flow.Stage.ToString());
                activity.SetTag(TelemetryTags.FlowVersion, flow.Version);
            }
        }
        else
        {
            var error = result.Error;
            outcome = error.Code.ToString();
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(TelemetryTags.ErrorReason, error.Reason);
                if (error.Stage is { } stage)
                {
                    activity.SetTag(TelemetryTags.StageBefore, stage.ToString());
                }
            }

            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Log.CommandRefused(Logger, action, orderNumber ?? string.Empty, error.Code, error.Reason);
            }
        }

        activity?.SetTag(TelemetryTags.Outcome, outcome);
        if (!_commands.Enabled && !_commandDuration.Enabled)
        {
            return; // nothing listens: the tags would be built for nobody
        }

        var tags = new TagList { { TelemetryTags.Action, action.ToString() }, { TelemetryTags.Outcome, outcome } };
        _commands.Add(1, tags);
        RecordCommandDuration(startedAt, tags);
    }

    /// <summary>Records on its span the result of a read: a view, the permitted actions or a search.</summary>
    public static void ReadCompleted<T>(Activity? activity, SupervisionResult<T> result)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        if (!result.IsSuccess)
        {
            activity.SetTag(TelemetryTags.Outcome, result.Error.Code.ToString());
            activity.SetTag(TelemetryTags.ErrorReason, result.Error.Reason);
            return;
        }

        activity.SetTag(TelemetryTags.Outcome, TelemetryTags.Success);
        switch (result.Value)
        {
            case ValueTuple<ServiceFlow, SupervisionPolicy, Instant> read:
                activity.SetTag(TelemetryTags.StageAfter, read.Item1.Stage.ToString());
                activity.SetTag(TelemetryTags.FlowVersion, read.Item1.Version);
                break;
            case FlowPage page:
                activity.SetTag(TelemetryTags.ResultCount, page.Items.Count);
                break;
        }
    }

    /// <summary>Records a command that threw (a store failure); returns false, for use in an exception filter.</summary>
    public bool CommandFailed(Activity? activity, SupervisionAction action, long? startedAt, Exception exception, CancellationToken cancellationToken)
    {
        TagList tags;
        if (Stopped(activity, exception, cancellationToken))
        {
            // Cancelled by its caller (a client gone, a host stopping): counted as cancelled, not as an error.
            tags = new TagList { { TelemetryTags.Action, action.ToString() }, { TelemetryTags.Outcome, TelemetryTags.Cancelled } };
        }
        else
        {
            Failed(activity, exception);
            tags = new TagList
            {
                { TelemetryTags.Action, action.ToString() },
                { TelemetryTags.Outcome, TelemetryTags.Error },
                { TelemetryTags.ErrorType, exception.GetType().FullName },
            };
        }

        _commands.Add(1, tags);
        RecordCommandDuration(startedAt, tags);
        return false;
    }

    public void FlowCreated(ServiceFlow flow)
    {
        _flowsCreated.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ProductKind, flow.ProductKind.ToString()));
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Log.FlowCreated(Logger, flow.OrderNumber, flow.PolicyVersion, flow.Stage);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>Records a command's duration, unless it started while nothing listened (<see cref="CommandStarted"/> gave null).</summary>
    private void RecordCommandDuration(long? startedAt, in TagList tags)
    {
        if (startedAt is { } started)
        {
            _commandDuration.Record(Time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static IEnumerable<Measurement<T>> Last<T>(SupervisionMonitor monitor, Func<SupervisionStatus, T> read)
        where T : struct =>
        monitor.LastStatus is { } status ? [new Measurement<T>(read(status))] : [];

    /// <summary>A histogram of durations in seconds, with the given bucket boundaries as advice.</summary>
    private Histogram<double> SecondsHistogram(string name, string description, double[] buckets) =>
        Meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    /// <summary>Adds a gauge that reports one value of the last status a sweep read, and nothing before the first.</summary>
    private void LastStatusGauge<T>(string name, SupervisionMonitor monitor, Func<SupervisionStatus, T> read, string unit, string description)
        where T : struct =>
        _statusGauges.Add(Meter.CreateObservableGauge(name, () => Last(monitor, read), unit, description));
}
