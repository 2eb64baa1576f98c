using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// The entry point of the library: creates flows, executes commands, builds views, searches, and
/// applies due timers, with every rule of RULES.md enforced by one state machine definition.
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

    /// <summary>Initializes a supervisor.</summary>
    /// <param name="store">Where flows are kept.</param>
    /// <param name="clock">The clock every instant comes from (R32).</param>
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
    }

    /// <summary>Gets the telemetry component; for tests.</summary>
    internal SupervisionTelemetry Telemetry => _telemetry;

    /// <summary>
    /// Creates the flow of a paid supervised order (R2, R5). Creating it again with the same data
    /// returns the existing flow; with different data it is a Conflict (R3). Renewal orders get no
    /// flow (R4).
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow, or the refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    public async ValueTask<SupervisionResult<ServiceFlow>> CreateFlowAsync(NewServiceFlow order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.CreateFlowSpan, order.OrderNumber, SupervisionAction.CreateFlow);
        var startedAt = _telemetry.Time.GetTimestamp();
        try
        {
            var result = await CreateAsync(order, cancellationToken).ConfigureAwait(false);
            _telemetry.CommandCompleted(span, SupervisionAction.CreateFlow, startedAt, result, order.OrderNumber);
            return result;
        }
        catch (Exception exception) when (_telemetry.CommandFailed(span, SupervisionAction.CreateFlow, startedAt, exception))
        {
            throw; // never reached: the filter records the failure and lets it pass
        }
    }

    private async ValueTask<SupervisionResult<ServiceFlow>> CreateAsync(NewServiceFlow order, CancellationToken cancellationToken)
    {
        if (order.IsRenewal)
        {
            return Errors.Validation(nameof(NewServiceFlow.IsRenewal),
                $"Order {order.OrderNumber} renews an earlier order; a renewal order gets no service flow (R4). Supervise the original order's flow instead.",
                SupervisionErrorReason.RenewalOrder);
        }

        var errors = FlowCreation.Validate(order);
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var policy = _policies.ForPlacement(order.PlacedAt);
        if (policy is null)
        {
            var earliest = _policies.Earliest;
            return Errors.Validation(nameof(NewServiceFlow.PlacedAt), string.Create(CultureInfo.InvariantCulture,
                $"No supervision policy was in force at {order.PlacedAt}: the earliest registered policy, '{earliest.Version}', starts at {earliest.EffectiveFrom}. Register a policy whose EffectiveFrom is at or before the placement, or set ServiceSupervisionOptions.IncludeDefaultPolicy to true to keep the built-in default for earlier orders."),
                SupervisionErrorReason.NoPolicyInForce);
        }

        var policyErrors = FlowCreation.ValidateUnderPolicy(order, policy);
        if (policyErrors.Count > 0)
        {
            return Errors.Validation(policyErrors);
        }

        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            var existing = await _store.LoadAsync(order.OrderNumber, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                var differences = FlowCreation.Differences(existing, order);
                return differences.Count == 0
                    ? SupervisionResult<ServiceFlow>.Success(existing)
                    : Errors.Conflict(SupervisionErrorReason.DifferentOrderData,
                        $"Order {order.OrderNumber} already has a service flow created with different data ({string.Join(", ", differences)}). Use a new order number, or send the original data.");
            }

            var now = _clock.GetCurrentInstant();
            var (flow, record) = FlowCreation.Create(order, policy, now);
            var saved = await _store.SaveAsync(new FlowChange(flow, 0, [record], [], null), cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved)
            {
                _telemetry.FlowCreated(flow);
                return flow;
            }

            _telemetry.LostRace(nameof(SupervisionAction.CreateFlow), order.OrderNumber, attempt + 1, attempt + 1 < _options.MaxCommandAttempts);
        }

        return Errors.Conflict(SupervisionErrorReason.VersionConflict, $"Order {order.OrderNumber} was being created concurrently; try again.");
    }

    /// <summary>
    /// Executes a command (R8 to R24): checks the actor (R1), the freeze (R20), the stage and guards
    /// of the machine and the input, then applies it, appends its record (R26) and saves it with its
    /// outcome and events in one step. Timers already due on the flow are applied first (R15). A
    /// retry with the same command id returns the first outcome (R30); a lost race on the flow's
    /// version is re-checked against the new version and applied when still permitted (R31).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome, or the refusal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public async ValueTask<SupervisionResult<CommandOutcome>> ExecuteAsync(SupervisionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var action = command.Action;
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.CommandSpan, command.OrderNumber, action, command.Actor);
        var startedAt = _telemetry.Time.GetTimestamp();
        try
        {
            var result = CallValidation.CheckIds(command.CommandId, command.OrderNumber, command.Actor, isCommand: true) is { } refused
                ? refused
                : await _transaction.RunAsync(command.OrderNumber, new CommandWork(_store, _policies, command), action.ToString(), cancellationToken, span: span).ConfigureAwait(false);
            _telemetry.CommandCompleted(span, action, startedAt, result, command.OrderNumber);
            return result;
        }
        catch (Exception exception) when (_telemetry.CommandFailed(span, action, startedAt, exception))
        {
            throw; // never reached: the filter records the failure and lets it pass
        }
    }

    /// <summary>
    /// Builds what <paramref name="viewer"/> sees of a flow now (R28), after applying any timer already
    /// due (R15). Buyers and sellers see only their own flows; operations managers see any (R1).
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="viewer">Who looks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view, or the refusal.</returns>
    public async ValueTask<SupervisionResult<FlowView>> GetViewAsync(string orderNumber, Actor viewer, CancellationToken cancellationToken = default)
    {
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.ViewSpan, orderNumber, actor: viewer);
        var read = await ReadCurrentAsync(orderNumber, viewer, span, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (flow, policy, now) = read.Value;
        var records = await _store.ReadRecordsAsync(flow.OrderNumber, cancellationToken).ConfigureAwait(false);
        using var lease = _machines.Lease();
        return FlowViews.Build(lease.Machine, flow, policy, viewer, now, records);
    }

    /// <summary>
    /// Lists the actions <paramref name="actor"/> may take on a flow now (R28), as the machine permits
    /// them; the cheap query behind the buttons of a user interface.
    /// </summary>
    /// <param name="orderNumber">The order number.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permitted actions in a stable order, or the refusal.</returns>
    public async ValueTask<SupervisionResult<IReadOnlyList<SupervisionAction>>> GetPermittedActionsAsync(string orderNumber, Actor actor, CancellationToken cancellationToken = default)
    {
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.PermittedActionsSpan, orderNumber, actor: actor);
        var read = await ReadCurrentAsync(orderNumber, actor, span, cancellationToken).ConfigureAwait(false);
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
    /// Searches flows (R29). A buyer or seller finds only its own flows; an operations manager finds any.
    /// </summary>
    /// <param name="query">The criteria and page.</param>
    /// <param name="viewer">Who searches.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of flows in the stable order, or the refusal.</returns>
    public async ValueTask<SupervisionResult<FlowPage>> SearchAsync(FlowQuery query, Actor viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var span = SupervisionTelemetry.StartFlowSpan(SupervisionTelemetry.SearchSpan, orderNumber: null, actor: viewer);
        try
        {
            var page = await FindAsync(query, viewer, cancellationToken).ConfigureAwait(false);
            SupervisionTelemetry.ReadCompleted(span, page);
            return page;
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception))
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }
    }

    private async ValueTask<SupervisionResult<FlowPage>> FindAsync(FlowQuery query, Actor viewer, CancellationToken cancellationToken)
    {
        var checkedQuery = CallValidation.CheckQuery(query, viewer, _options.MaxSearchPageSize);
        if (!checkedQuery.IsSuccess)
        {
            return checkedQuery.Error;
        }

        // R15: a read first catches up timers already due, so a stopped sweeper leaves no stage behind. One
        // bounded batch (the earliest due flows), so a search never pays for a large backlog: with a sweeper
        // running there is none, and the sweep takes whatever a long outage left. Their events are left to the
        // dispatcher: a search never runs other flows' handlers on the caller's time.
        var now = _clock.GetCurrentInstant();
        await _sweeper.CatchUpAsync(now, maxBatches: 1, cancellationToken).ConfigureAwait(false);
        return await _store.SearchAsync(checkedQuery.Value, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies every timer due up to the clock's now across all flows (R15, R17 to R19, R25): completes
    /// accepted flows, raises stall, long-open and appeal-overdue events, then hands pending events to
    /// the handlers. Call it periodically from a worker; a stopped sweeper never leaves a flow behind,
    /// because every read and command catches up its own flow first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep between flows.</param>
    /// <returns>What the sweep did.</returns>
    public async ValueTask<TimerSweepResult> ApplyDueTimersAsync(CancellationToken cancellationToken = default)
    {
        using var span = SupervisionTelemetry.StartSpan(SupervisionTelemetry.SweepSpan);
        var startedAt = _telemetry.Time.GetTimestamp();
        TimerSweepResult result;
        try
        {
            var now = _clock.GetCurrentInstant();
            var updated = await _sweeper.CatchUpAsync(now, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var dispatched = await _outbox.DispatchPendingAsync(cancellationToken).ConfigureAwait(false);
            result = new TimerSweepResult(now, updated, dispatched);
            _monitor.SweepCompleted(now);
            _telemetry.SweepCompleted(span, startedAt, now, updated, dispatched);
        }
        catch (Exception exception) when (_telemetry.SweepFailed(span, startedAt, exception))
        {
            throw; // never reached: the filter records the failure and lets it pass
        }

        if (_telemetry.StatusObserved)
        {
            // Something listens to the gauges read from the store: refresh them once per sweep.
            try
            {
                await _status.ReadAsync(result.AsOf, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StatusFailed(_telemetry.Logger, exception);
            }
        }

        return result;
    }

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

    /// <summary>Gets the policy a flow placed at <paramref name="placedAt"/> would keep (R33), or null when none was in force.</summary>
    /// <param name="placedAt">The placement instant.</param>
    /// <returns>The policy.</returns>
    public SupervisionPolicy? PolicyFor(Instant placedAt) => _policies.ForPlacement(placedAt);

    /// <summary>Disposes the meter the supervisor created itself (when no <see cref="IMeterFactory"/> was given).</summary>
    public void Dispose() => _telemetry.Dispose();

    private async ValueTask<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> ReadCurrentAsync(string orderNumber, Actor viewer, System.Diagnostics.Activity? span, CancellationToken cancellationToken)
    {
        try
        {
            var read = CallValidation.CheckIds(commandId: null, orderNumber, viewer) is { } refused
                ? refused
                : await _transaction.RunAsync(orderNumber, new CatchUpRead(viewer, orderNumber), FlowTransaction.ReadAction, cancellationToken, span: span).ConfigureAwait(false);
            SupervisionTelemetry.ReadCompleted(span, read);
            return read;
        }
        catch (Exception exception) when (SupervisionTelemetry.Observe(span, exception))
        {
            throw; // never reached: the filter records the failure on the span and lets it pass
        }
    }
}
