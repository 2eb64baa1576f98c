using System.Diagnostics.Metrics;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;
using Microsoft.Extensions.Logging;

namespace KooGallery.Supervision;

/// <summary>
/// The entry point of the library: creates flows, executes commands, builds views, searches, and applies due timers,
/// with every rule of the supervision rules (R1 to R33, listed in the package's README) enforced by one state machine
/// definition.
/// </summary>
/// <remarks>
/// <para>Register it with <c>services.AddServiceSupervision()</c>, or construct it directly with a store
/// and a clock. It is thread-safe and meant to be a singleton; it keeps no state of its own besides a
/// pool of configured state machines.</para>
/// <para>Refusals are returned as <see cref="SupervisionResult{T}"/> errors and change nothing;
/// exceptions are kept for programming errors (a null argument) and store failures.</para>
/// <para>It logs, measures and traces under the names of <see cref="SupervisionDiagnostics"/>: every command,
/// view, search, sweep and event dispatch is a span, and failures of handlers, timers and stores are logged
/// whether or not a callback is set. Dispose it to dispose the meter it created when no
/// <see cref="IMeterFactory"/> was given; the container does that for a registered supervisor.</para>
/// </remarks>
public sealed class ServiceSupervisor : IDisposable
{
    /// <summary>The longest id (order number, actor id, command id) accepted.</summary>
    public const int MaxIdLength = 200;

    private readonly IServiceFlowStore _store;
    private readonly IClock _clock;
    private readonly ServiceSupervisionOptions _options;
    private readonly PolicyCatalog _policies;
    private readonly SupervisionMachinePool _machines = new();
    private readonly FlowTransaction _transaction;
    private readonly OutboxDispatcher _outbox;
    private readonly TimerSweeper _sweeper;
    private readonly SupervisionTelemetry _telemetry;
    private readonly SupervisionMonitor _monitor;
    private readonly StatusReader _status;
    private readonly FlowCreator _creator;
    private readonly FlowSearch _search;

    /// <summary>Initializes a supervisor.</summary>
    /// <param name="store">Where flows are kept.</param>
    /// <param name="clock">The clock every instant comes from (the clock, R32).</param>
    /// <param name="options">The policies and limits; null for the defaults.</param>
    /// <param name="handlers">The event handlers; null for none.</param>
    /// <param name="timeProvider">
    /// What the engine's own waits run on (the back-off after a lost race, the event handler time limit);
    /// null for <see cref="TimeProvider.System"/>. Instants of the process always come from <paramref name="clock"/>.
    /// </param>
    /// <param name="loggerFactory">Where the engine logs (category <see cref="SupervisionDiagnostics.LogCategory"/>); null logs nothing.</param>
    /// <param name="meterFactory">
    /// Creates the meter of the engine's instruments (<see cref="SupervisionDiagnostics.MeterName"/>); null creates one
    /// that the supervisor owns and disposes.
    /// </param>
    /// <exception cref="ArgumentException">An option or policy is out of range.</exception>
    public ServiceSupervisor(
        IServiceFlowStore store,
        IClock clock,
        ServiceSupervisionOptions? options = null,
        IEnumerable<ISupervisionEventHandler>? handlers = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _clock = clock;
        _options = options ?? new ServiceSupervisionOptions();
        _options.Validate();
        _policies = new PolicyCatalog(_options.Policies, _options.IncludeDefaultPolicy);
        var time = timeProvider ?? TimeProvider.System;
        var retries = new RetrySchedule(_options);
        _monitor = new SupervisionMonitor(clock.GetCurrentInstant());
        _telemetry = new SupervisionTelemetry(loggerFactory, meterFactory, _monitor, clock, time);
        _status = new StatusReader(store, _monitor, _options);
        _outbox = new OutboxDispatcher(store, clock, _options, handlers?.ToArray() ?? [], retries, time, _telemetry);
        _transaction = new FlowTransaction(store, clock, _policies, _machines, _outbox, _options, time, _telemetry, _monitor);
        _sweeper = new TimerSweeper(store, clock, _transaction, _options, retries, _telemetry, _monitor);
        _creator = new FlowCreator(store, clock, _policies, _options, _telemetry, _transaction);
        _search = new FlowSearch(store, clock, _sweeper, _options);
    }

    /// <summary>Gets the telemetry component; for tests.</summary>
    internal SupervisionTelemetry Telemetry => _telemetry;

    /// <summary>
    /// Creates the flow of a paid supervised order (creation, R2; the starting stage, R5). Creating it again with the
    /// same data returns the existing flow; with different data it is a Conflict (creating twice, R3). Renewal orders
    /// get no flow (no flow for renewals, R4).
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow, or the refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    public ValueTask<SupervisionResult<ServiceFlow>> CreateFlowAsync(NewServiceFlow order, CancellationToken cancellationToken = default)
    {
        // As ExecuteAsync: the null check throws at the call.
        ArgumentNullException.ThrowIfNull(order);
        return _telemetry.MeasuredAsync(SupervisionTelemetry.CreateFlowSpan, order.OrderNumber, SupervisionAction.CreateFlow, actor: null,
            (_creator, order, cancellationToken), static (state, _) => state._creator.CreateAsync(state.order, state.cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Executes a command (rules R8 to R24): checks the actor (actors and access, R1), the freeze (the appeal freeze,
    /// R20), the stage and guards of the machine and the input, then applies it, appends its record (operation
    /// records, R26) and saves it with its outcome and events in one step. Timers already due on the flow are applied
    /// first (completion, R15). A retry with the same command id returns the first outcome (command ids, R30); a lost
    /// race on the flow's version is re-checked against the new version and applied when still permitted
    /// (concurrency, R31).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome, or the refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public ValueTask<SupervisionResult<CommandOutcome>> ExecuteAsync(SupervisionCommand command, CancellationToken cancellationToken = default)
    {
        // Not async itself: the null check throws at the call, and the measured call is the one state machine.
        ArgumentNullException.ThrowIfNull(command);
        return _telemetry.MeasuredAsync(SupervisionTelemetry.CommandSpan, command.OrderNumber, command.Action, command.Actor, (Supervisor: this, command, cancellationToken), static (state, span) =>
            CallValidation.CheckIds(state.command.CommandId, state.command.OrderNumber, state.command.Actor, isCommand: true) is { } refused
                ? new(refused)
                : state.Supervisor._transaction.RunAsync(state.command.OrderNumber, new CommandWork(state.Supervisor._store, state.Supervisor._policies, state.command), state.cancellationToken, span: span),
            cancellationToken);
    }

    /// <summary>
    /// Builds what <paramref name="viewer"/> sees of a flow now (the view, R28), after applying any timer already due
    /// (completion, R15). Buyers and sellers see only their own flows; operations managers see any (actors and
    /// access, R1).
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="viewer">Who looks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view, or the refusal.</returns>
    public async ValueTask<SupervisionResult<FlowView>> GetViewAsync(string orderNumber, Actor viewer, CancellationToken cancellationToken = default)
    {
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.ViewSpan, orderNumber, actor: viewer);
        var read = await _transaction.ReadCurrentAsync(orderNumber, viewer, span, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (flow, policy, now) = read.Value;
        IReadOnlyList<OperationRecord> records;
        try
        {
            records = await _store.ReadRecordsAsync(flow.OrderNumber, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception, cancellationToken))
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }

        using var lease = _machines.Lease();
        return FlowViews.Build(lease.Machine, flow, policy, viewer, now, records);
    }

    /// <summary>
    /// Lists the actions <paramref name="actor"/> may take on a flow now (the view, R28), as the machine permits
    /// them; the cheap query behind the buttons of a user interface.
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permitted actions in a stable order, or the refusal.</returns>
    public async ValueTask<SupervisionResult<IReadOnlyList<SupervisionAction>>> GetPermittedActionsAsync(string orderNumber, Actor actor, CancellationToken cancellationToken = default)
    {
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.PermittedActionsSpan, orderNumber, actor: actor);
        var read = await _transaction.ReadCurrentAsync(orderNumber, actor, span, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (flow, policy, now) = read.Value;
        using var lease = _machines.Lease();
        lease.Machine.Bind(flow, policy, actor, now); // a read: nothing is fired
        return SupervisionResult<IReadOnlyList<SupervisionAction>>.Success(lease.Machine.PermittedActions());
    }

    /// <summary>
    /// Searches flows (search, R29). A buyer or seller finds only its own flows; an operations manager finds any.
    /// </summary>
    /// <param name="query">The criteria and page.</param>
    /// <param name="viewer">Who searches.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of flows in the stable order, or the refusal.</returns>
    public ValueTask<SupervisionResult<FlowPage>> SearchAsync(FlowQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _search.SearchAsync(query, viewer, cancellationToken);
    }

    /// <summary>
    /// Applies every timer due up to the clock's now across all flows (completion, R15; reminders, stalls and
    /// long-open flows, R17 to R19; the decision deadline, R25): completes accepted flows, raises stall, long-open
    /// and appeal-overdue events, then hands pending events to the handlers. Call it periodically from a worker; a
    /// stopped sweeper never leaves a flow behind, because every read and command catches up its own flow first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep between flows.</param>
    /// <returns>What the sweep did.</returns>
    public ValueTask<TimerSweepResult> ApplyDueTimersAsync(CancellationToken cancellationToken = default) =>
        _sweeper.SweepAsync(_outbox, _status, cancellationToken);

    /// <summary>
    /// Reads how the supervision is doing now: the sweep lag and parked flows this supervisor has seen, and the
    /// pending events and open appeals in the store (each counted up to <see cref="SupervisionStatus.CountLimit"/>).
    /// Only reads, nothing is claimed or caught up; it costs one read of the outbox and one of the appeal queue per
    /// page of <see cref="ServiceSupervisionOptions.MaxSearchPageSize"/>. The health checks of the hosting package call it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="SupervisionStoreException">The store cannot be read (a SQL store unreachable, or its schema missing or newer).</exception>
    public ValueTask<SupervisionStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        _status.ReadAsync(_clock.GetCurrentInstant(), cancellationToken);

    /// <summary>
    /// Hands every pending event that is due (saved, not yet delivered: for example after a handler failed
    /// or the process stopped) to the handlers, and marks those all handlers took as delivered. An event
    /// whose handler fails or outlasts <see cref="ServiceSupervisionOptions.EventHandlerTimeout"/> stays
    /// pending and is deferred, first by <see cref="ServiceSupervisionOptions.FailureRetryDelay"/> and then
    /// twice as long after each further failure up to <see cref="ServiceSupervisionOptions.MaxFailureRetryDelay"/>,
    /// so it never holds up the events behind it and one call costs what it delivers.
    /// </summary>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>How many events were delivered.</returns>
    public ValueTask<int> DispatchPendingEventsAsync(CancellationToken cancellationToken = default) => _outbox.DispatchPendingAsync(cancellationToken);

    /// <summary>Gets the policy a flow placed at <paramref name="placedAt"/> would keep (policy versions, R33), or null when none was in force.</summary>
    /// <param name="placedAt">The placement instant.</param>
    /// <returns>The policy.</returns>
    public SupervisionPolicy? PolicyFor(Instant placedAt) => _policies.ForPlacement(placedAt);

    /// <summary>Disposes the meter the supervisor created itself (when no <see cref="IMeterFactory"/> was given).</summary>
    public void Dispose() => _telemetry.Dispose();
}
