using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision.Internal;
using KooGallery.Supervision.Machine;
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
/// </remarks>
public sealed class ServiceSupervisor
{
    /// <summary>The longest id (order number, actor id, command id) accepted.</summary>
    public const int MaxIdLength = 200;

    private readonly IServiceFlowStore _store;
    private readonly IClock _clock;
    private readonly ServiceSupervisionOptions _options;
    private readonly ISupervisionEventHandler[] _handlers;
    private readonly PolicyCatalog _policies;
    private readonly SupervisionMachinePool _machines = new();
    private readonly TimeProvider _time;

    /// <summary>Initializes a supervisor.</summary>
    /// <param name="store">Where flows are kept.</param>
    /// <param name="clock">The clock every instant comes from (R32).</param>
    /// <param name="options">The policies and limits; null for the defaults.</param>
    /// <param name="handlers">The event handlers; null for none.</param>
    /// <param name="timeProvider">
    /// What the engine's own waits run on (the back-off after a lost race, the event handler time limit);
    /// null for <see cref="TimeProvider.System"/>. Instants of the process always come from <paramref name="clock"/>.
    /// </param>
    /// <exception cref="ArgumentException">An option or policy is out of range.</exception>
    public ServiceSupervisor(IServiceFlowStore store, IClock clock, ServiceSupervisionOptions? options = null, IEnumerable<ISupervisionEventHandler>? handlers = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _clock = clock;
        _options = options ?? new ServiceSupervisionOptions();
        _options.Validate();
        _policies = new PolicyCatalog(_options.Policies);
        _handlers = handlers?.ToArray() ?? [];
        _time = timeProvider ?? TimeProvider.System;
    }

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
            return Errors.Validation(nameof(NewServiceFlow.PlacedAt),
                $"No supervision policy was in force at {order.PlacedAt}; register a policy whose EffectiveFrom is at or before the placement.",
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
                return flow;
            }
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
        if (CheckIds(command.CommandId, command.OrderNumber, command.Actor, isCommand: true) is { } shapeError)
        {
            return shapeError;
        }

        if (command.Actor.Role == ActorRole.System)
        {
            return Errors.SystemRoleReserved();
        }

        CommandInput? input = null;
        CommandContent? content = null;
        string? fingerprint = null;
        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            // The flow is read before the command id: if the first call of a retried command saves in
            // between, the id is found; if it saves later, this attempt's save loses the version race (R30).
            var flow = await _store.LoadAsync(command.OrderNumber, cancellationToken).ConfigureAwait(false);
            if (flow is null)
            {
                return Errors.NotFound(command.OrderNumber);
            }

            // R1 and R30: nothing about the command id is looked up before the actor is authorized on the flow.
            if (Authorize(flow, command) is { } forbidden)
            {
                return forbidden;
            }

            var policy = _policies.For(flow);
            if (input is null)
            {
                // The caller's input is taken once: every later step reads this copy, and no more of a
                // collection is read than the flow's policy allows.
                input = new CommandInput(flow, policy);
                command = command.TakeInput(input);
                content = new CommandContent();
                command.Describe(content);
            }

            var prior = await _store.FindCommandOutcomeAsync(command.OrderNumber, command.CommandId, cancellationToken).ConfigureAwait(false);
            if (prior is not null)
            {
                return ReplayOrReuse(prior, command, input, content!, ref fingerprint);
            }

            var now = _clock.GetCurrentInstant();
            var draft = flow.Copy();
            var changes = new PendingChanges();
            SupervisionError? refusal;
            CommandOutcome? outcome = null;
            using (var lease = _machines.Lease())
            {
                var machine = lease.Machine;
                TimerCatchUp.Apply(machine, draft, policy, now, changes);
                var stageBefore = draft.Stage;
                refusal = Decide(machine, draft, policy, now, command, content!, input.Errors);
                if (refusal is null)
                {
                    // Validated: every text is within the policy's limits, so the fingerprint costs what the command may.
                    fingerprint ??= CommandFingerprint.Of(command, content!);
                    var record = changes.AddCommandRecord(draft, command, content!, stageBefore, now, machine.Raised);
                    outcome = new CommandOutcome
                    {
                        CommandId = command.CommandId,
                        OrderNumber = draft.OrderNumber,
                        Action = command.Action,
                        StageBefore = record.StageBefore,
                        StageAfter = record.StageAfter,
                        FlowVersion = flow.Version + 1,
                        RecordSequence = record.Sequence,
                        At = now,
                        Fingerprint = fingerprint,
                    };
                }
            }

            if (refusal is not null)
            {
                // A refusal may come from the effect of this very command's first call (a retry on a
                // store that showed the new flow before the stored outcome): replay it if so (R30).
                var late = await _store.FindCommandOutcomeAsync(command.OrderNumber, command.CommandId, cancellationToken).ConfigureAwait(false);
                if (late is not null)
                {
                    return ReplayOrReuse(late, command, input, content!, ref fingerprint);
                }

                if (changes.HasAny)
                {
                    // The command changes nothing, but timers already due are caught up and kept (R15).
                    await SaveAndDispatchAsync(flow, draft, changes, null, dispatch: true, cancellationToken).ConfigureAwait(false);
                }

                return refusal;
            }

            var saved = await SaveAndDispatchAsync(flow, draft, changes, outcome, dispatch: true, cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved)
            {
                return outcome!;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        return Errors.Conflict(SupervisionErrorReason.VersionConflict,
            string.Create(CultureInfo.InvariantCulture, $"Order {command.OrderNumber} changed concurrently {_options.MaxCommandAttempts} times while this command was applied; read the flow again and retry with the same command id."));
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
        var read = await ReadCurrentAsync(orderNumber, viewer, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (flow, policy, now) = read.Value;
        var records = await _store.ReadRecordsAsync(flow.OrderNumber, cancellationToken).ConfigureAwait(false);
        if (records.Count > flow.LastSequence)
        {
            // Records are read after the flow: a command saved in between appended records the flow read
            // does not know yet. Show the records of the state shown, so the view never disagrees with itself.
            records = [.. records.Take((int)flow.LastSequence)];
        }

        IReadOnlyList<SupervisionAction> permitted;
        using (var lease = _machines.Lease())
        {
            lease.Machine.Bind(flow, policy, viewer, now); // a read: nothing is fired, so the stored snapshot is not copied
            permitted = lease.Machine.PermittedActions();
        }

        var conditions = viewer.Role is ActorRole.Buyer or ActorRole.Seller && !flow.IsFinal
            ? AppealConditions.Describe(flow, policy, now, viewer.Role)
            : [];
        Instant? nextReminder = null;
        if (flow.WaitingOn == Party.Seller && !flow.IsFinal)
        {
            nextReminder = flow.LastReminderAt is { } last && Internal.InstantMath.PlusSaturating(last, policy.ReminderInterval) is var next && next > now ? next : now;
        }

        return new FlowView
        {
            Flow = flow,
            Viewer = viewer,
            AsOf = now,
            Records = records,
            PermittedActions = permitted,
            AppealConditions = conditions,
            NextReminderAllowedAt = nextReminder,
        };
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
        var read = await ReadCurrentAsync(orderNumber, actor, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (flow, policy, now) = read.Value;
        using var lease = _machines.Lease();
        lease.Machine.Bind(flow, policy, actor, now); // a read: nothing is fired, so the stored snapshot is not copied
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
        if (CheckActor(viewer) is { } actorError)
        {
            return actorError;
        }

        if (viewer.Role == ActorRole.System)
        {
            return Errors.SystemRoleReserved();
        }

        // R29: every query value obeys the text rules of ids, so no store ever sees a value it cannot compare.
        List<FieldError>? queryErrors = null;
        CheckOptionalId(ref queryErrors, nameof(FlowQuery.BuyerId), query.BuyerId);
        CheckOptionalId(ref queryErrors, nameof(FlowQuery.SellerId), query.SellerId);
        CheckOptionalId(ref queryErrors, nameof(FlowQuery.ProductId), query.ProductId);
        if (query.After is { } cursor)
        {
            CheckId(ref queryErrors, nameof(FlowQuery.After) + "." + nameof(FlowCursor.OrderNumber), cursor.OrderNumber);
        }

        if (query.Stage is { } stage && !Enum.IsDefined(stage))
        {
            (queryErrors ??= []).Add(new FieldError(nameof(FlowQuery.Stage), "The stage is not one of the stages of a flow."));
        }

        if (query.Status is { } status && !Enum.IsDefined(status))
        {
            (queryErrors ??= []).Add(new FieldError(nameof(FlowQuery.Status), "The order status must be Processing, Completed or Closed."));
        }

        if (queryErrors is not null)
        {
            return Errors.Validation(queryErrors);
        }

        if (query.PageSize < 1 || query.PageSize > _options.MaxSearchPageSize)
        {
            return Errors.Validation(nameof(FlowQuery.PageSize),
                string.Create(CultureInfo.InvariantCulture, $"The page size must be between 1 and {_options.MaxSearchPageSize}; it was {query.PageSize}."));
        }

        if (query.WaitingOn is { } waitingOn && (CheckActor(waitingOn) is not null || waitingOn.Role is ActorRole.System))
        {
            return Errors.Validation(nameof(FlowQuery.WaitingOn), "WaitingOn must be a buyer, a seller or an operations manager with an id.");
        }

        if (query.After is { DecisionDueAt: null } && query.WaitingOn is { Role: ActorRole.OperationsManager })
        {
            return Errors.Validation(nameof(FlowQuery.After), "The appeal queue is ordered by decision deadline: pass the FlowPage.Next cursor of its previous page, which carries it.");
        }

        switch (viewer.Role)
        {
            case ActorRole.Buyer when query.BuyerId is not null && query.BuyerId != viewer.Id:
            case ActorRole.Seller when query.SellerId is not null && query.SellerId != viewer.Id:
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.Forbidden,
                    Reason = SupervisionErrorReason.NotAParty,
                    Message = $"{viewer} may search only its own flows; leave the {viewer.Role.ToString().ToLowerInvariant()} id empty or give its own.",
                };
            case ActorRole.Buyer:
                query = query with { BuyerId = viewer.Id };
                break;
            case ActorRole.Seller:
                query = query with { SellerId = viewer.Id };
                break;
        }

        // R15: a read first catches up timers already due, so a stopped sweeper leaves no stage behind.
        // One bounded batch (the earliest due flows), so a search never pays for a large backlog: with a
        // sweeper running there is none, and the sweep itself takes whatever a long outage left.
        // Their events are left to the dispatcher: a search never runs other flows' handlers on the caller's time.
        var now = _clock.GetCurrentInstant();
        await CatchUpDueFlowsAsync(now, maxBatches: 1, dispatch: false, cancellationToken).ConfigureAwait(false);
        var page = await _store.SearchAsync(query, now, cancellationToken).ConfigureAwait(false);
        return page;
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
        var now = _clock.GetCurrentInstant();
        var updated = await CatchUpDueFlowsAsync(now, int.MaxValue, dispatch: false, cancellationToken).ConfigureAwait(false);
        var dispatched = await DispatchPendingEventsAsync(cancellationToken).ConfigureAwait(false);
        return new TimerSweepResult(now, updated, dispatched);
    }

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
    public async ValueTask<int> DispatchPendingEventsAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var now = _clock.GetCurrentInstant();
            var pending = await _store.ReadPendingEventsAsync(now, _options.TimerSweepBatchSize, cancellationToken).ConfigureAwait(false);
            var fresh = new List<SupervisionEvent>(pending.Count);
            foreach (var supervisionEvent in pending)
            {
                // An event seen before in this call is one whose deferral did not take (a store that failed
                // to defer it, or a clock that went back): it waits for the next call.
                if (seen.Add(supervisionEvent.Id))
                {
                    fresh.Add(supervisionEvent);
                }
            }

            if (fresh.Count == 0)
            {
                return delivered;
            }

            delivered += await DispatchAsync(fresh, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the policy a flow placed at <paramref name="placedAt"/> would keep (R33), or null when none was in force.</summary>
    /// <param name="placedAt">The placement instant.</param>
    /// <returns>The policy.</returns>
    public SupervisionPolicy? PolicyFor(Instant placedAt) => _policies.ForPlacement(placedAt);

    /// <summary>R1: only a party of the flow, in the role the action belongs to, may act. Checked before anything is caught up or written.</summary>
    private static SupervisionError? Authorize(ServiceFlow flow, SupervisionCommand command)
    {
        var actor = command.Actor;
        if (!IsParty(flow, actor))
        {
            return Errors.NotAParty(actor, flow);
        }

        var trigger = command.Trigger;
        if (SupervisionMachine.RoleMayFire(trigger, actor.Role))
        {
            return null;
        }

        var rightful = SupervisionMachine.RoleOf(trigger) switch
        {
            ActorRole.Buyer => "the buyer",
            ActorRole.Seller => "the seller",
            ActorRole.OperationsManager => "an operations manager",
            ActorRole.System => "the system's timers",
            _ => "the buyer or the seller",
        };
        return Errors.WrongRole(actor, command.Action, flow, rightful);
    }

    /// <summary>
    /// After a lost race, waits a random moment that grows with the attempts, so that a writer that keeps
    /// losing to a faster one on a hot flow gets its turn instead of starving (measured in docs/benchmarks.md).
    /// </summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var limit = _options.ConflictBackoff;
        if (limit <= TimeSpan.Zero || attempt + 1 >= _options.MaxCommandAttempts)
        {
            return Task.CompletedTask;
        }

        var span = limit.Ticks * (1L << Math.Min(attempt, 4));
        return Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(span)), _time, cancellationToken);
    }

    private static SupervisionError? Decide(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, SupervisionCommand command, CommandContent content, IReadOnlyList<FieldError> inputErrors)
    {
        var actor = command.Actor;
        var trigger = command.Trigger;
        machine.Bind(draft, policy, actor, now);
        if (machine.FreezeBlocksActor())
        {
            return Errors.Frozen(draft);
        }

        if (!machine.IsConfiguredInStage(trigger))
        {
            return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions());
        }

        var validation = new CommandValidation(draft, policy, now);
        foreach (var error in inputErrors)
        {
            validation.Add(error.Field, error.Message);
        }

        command.Validate(validation);
        if (validation.HasErrors)
        {
            return Errors.Validation(validation.Errors, stage: draft.Stage);
        }

        var decision = command as DecideAppeal;
        machine.SetCommandDetails(content.Text, content.References, (command as Deliver)?.EnablingInstant, decision?.ReturnTo, decision?.ResetRejectionCounts ?? false);

        // The guards are evaluated once, by the fire itself; a guard that does not hold changes nothing.
        return machine.TryFire(trigger) ? null : Unmet(machine, draft, policy, now, command);
    }

    private static SupervisionError Unmet(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, SupervisionCommand command)
    {
        switch (command.Trigger)
        {
            case Trigger.OpenAppeal:
            {
                var conditions = AppealConditions.Describe(draft, policy, now, command.Actor.Role);
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.ConditionNotMet,
                    Reason = SupervisionErrorReason.AppealConditionsNotMet,
                    Message = $"The {command.Actor.Role.ToString().ToLowerInvariant()} may not appeal yet; one condition must hold: {AppealConditions.Summarize(conditions)}.{AppealConditions.StallOutlook(draft, policy, now, conditions)}",
                    Conditions = conditions,
                    Stage = draft.Stage,
                };
            }

            case Trigger.SendReminder:
            {
                var last = draft.LastReminderAt!.Value;
                var elapsed = now > last ? now - last : Duration.Zero;
                var next = Internal.InstantMath.PlusSaturating(last, policy.ReminderInterval);
                var condition = new ConditionProgress
                {
                    Condition = "ReminderInterval",
                    Holds = false,
                    Description = $"last reminder {DurationText.Format(elapsed)} ago of {DurationText.Format(policy.ReminderInterval)}",
                    Elapsed = elapsed,
                    Required = policy.ReminderInterval,
                    HoldsFrom = next,
                };
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.ConditionNotMet,
                    Reason = SupervisionErrorReason.ReminderTooSoon,
                    Message = $"One reminder per {DurationText.Format(policy.ReminderInterval)}: the last was sent at {last}; the next is allowed from {next}.",
                    Conditions = [condition],
                    RetryAt = next,
                    Stage = draft.Stage,
                };
            }

            default:
            {
                var noOpenAppeal = !draft.IsFrozen && command.Trigger is Trigger.ResumeAfterAppeal or Trigger.ReturnAfterAppeal or Trigger.CompleteOnAppeal or Trigger.CloseOnAppeal;
                return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions(), noOpenAppeal);
            }
        }
    }

    /// <summary>R1: the flow's own buyer and seller, and operations managers, may read a flow; the System role is the library's own and never a caller's.</summary>
    private static bool IsParty(ServiceFlow flow, Actor actor) => actor.Role switch
    {
        ActorRole.Buyer => string.Equals(flow.BuyerId, actor.Id, StringComparison.Ordinal),
        ActorRole.Seller => string.Equals(flow.SellerId, actor.Id, StringComparison.Ordinal),
        ActorRole.OperationsManager => true,
        _ => false,
    };

    /// <summary>Checks the ids of a call; a read has no command id (<paramref name="commandId"/> null is then not an error).</summary>
    private static SupervisionError? CheckIds(string? commandId, string? orderNumber, Actor? actor, bool isCommand = false)
    {
        List<FieldError>? errors = null;
        if (isCommand || commandId is not null)
        {
            CheckId(ref errors, nameof(SupervisionCommand.CommandId), commandId);
        }

        CheckId(ref errors, nameof(SupervisionCommand.OrderNumber), orderNumber);
        if (CheckActor(actor) is { } actorError)
        {
            (errors ??= []).AddRange(actorError.Fields);
        }

        return errors is null ? null : Errors.Validation(errors);
    }

    private static SupervisionError? CheckActor(Actor? actor)
    {
        List<FieldError>? errors = null;
        if (actor is null)
        {
            errors = [new FieldError(nameof(Actor), "The actor is required.")];
        }
        else
        {
            CheckId(ref errors, nameof(Actor) + "." + nameof(Actor.Id), actor.Id);
            if (!Enum.IsDefined(actor.Role))
            {
                (errors ??= []).Add(new FieldError(nameof(Actor) + "." + nameof(Actor.Role), "The role must be Buyer, Seller, OperationsManager or System."));
            }
        }

        return errors is null ? null : Errors.Validation(errors);
    }

    private static void CheckOptionalId(ref List<FieldError>? errors, string field, string? value)
    {
        if (value is not null)
        {
            CheckId(ref errors, field, value);
        }
    }

    private static void CheckId(ref List<FieldError>? errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            (errors ??= []).Add(new FieldError(field, $"{field} is required and may not be empty."));
        }
        else if (value.Length > MaxIdLength)
        {
            (errors ??= []).Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {MaxIdLength} are allowed.")));
        }
        else if (TextRules.Problem(value, freeText: false) is { } problem)
        {
            (errors ??= []).Add(new FieldError(field, $"{field} {problem}."));
        }
    }

    private static SupervisionResult<CommandOutcome> ReplayOrReuse(CommandOutcome prior, SupervisionCommand command, CommandInput input, CommandContent content, ref string? fingerprint)
    {
        // Input larger than the flow accepts cannot repeat an accepted command: it is not hashed at all.
        if (!input.IsOversized && input.Errors.Count == 0 && CommandFingerprint.Matches(prior.Fingerprint, command, content, ref fingerprint))
        {
            return prior with { IsReplay = true };
        }

        // Ids are scoped to their flow, and both parties read its records (command ids included), so naming
        // the earlier action tells the caller nothing it may not see.
        var detail = prior.Action == command.Action ? $" for another {prior.Action} on this order" : $" for a {prior.Action} on this order";
        return Errors.Conflict(SupervisionErrorReason.CommandIdReused,
            $"Command id '{command.CommandId}' was already used{detail}; a retry must repeat that command exactly, and a new command needs a new id.");
    }

    private async ValueTask<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> ReadCurrentAsync(string orderNumber, Actor viewer, CancellationToken cancellationToken)
    {
        if (CheckIds(commandId: null, orderNumber, viewer) is { } shapeError)
        {
            return shapeError;
        }

        if (viewer.Role == ActorRole.System)
        {
            return Errors.SystemRoleReserved();
        }

        for (var attempt = 0; ; attempt++)
        {
            var flow = await _store.LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false);
            if (flow is null)
            {
                return Errors.NotFound(orderNumber);
            }

            if (!IsParty(flow, viewer))
            {
                return Errors.NotAParty(viewer, flow);
            }

            var policy = _policies.For(flow);
            var now = _clock.GetCurrentInstant();
            if (flow.NextTimerDueAt is not { } due || due > now)
            {
                return (flow, policy, now);
            }

            var (draft, changes) = CatchUp(flow, policy, now);
            var saved = await SaveAndDispatchAsync(flow, draft, changes, null, dispatch: true, cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved || attempt + 1 >= _options.MaxCommandAttempts)
            {
                // Saved, or others keep changing the flow: show the caught-up state either way.
                return (draft, policy, now);
            }
        }
    }

    private async ValueTask<int> CatchUpDueFlowsAsync(Instant now, int maxBatches, bool dispatch, CancellationToken cancellationToken)
    {
        var processed = new HashSet<string>(StringComparer.Ordinal);
        var updated = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = await _store.FindDueAsync(now, _options.TimerSweepBatchSize, cancellationToken).ConfigureAwait(false);
            var fresh = false;
            foreach (var orderNumber in due)
            {
                if (!processed.Add(orderNumber))
                {
                    continue;
                }

                fresh = true;
                try
                {
                    if (await CatchUpAsync(orderNumber, now, dispatch, cancellationToken).ConfigureAwait(false))
                    {
                        updated++;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One flow that cannot be caught up (a policy version no longer registered, a damaged
                    // row) must not stop the timers of every other flow: park it and go on.
                    await ParkAsync(orderNumber, now, exception, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!fresh || due.Count < _options.TimerSweepBatchSize)
            {
                break;
            }
        }

        return updated;
    }

    /// <summary>
    /// Parks a flow whose timers failed: the store keeps it out of the sweep for a delay that doubles with
    /// each failure in a row, so failing flows never shadow healthy ones; the failure is reported.
    /// </summary>
    private async ValueTask ParkAsync(string orderNumber, Instant now, Exception exception, CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            failures = await _store.ParkTimersAsync(orderNumber, count => RetryAt(now, count), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception parkFailure) when (parkFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store is failing too: the flow stays where it is, and this sweep has already passed it.
        }

        ReportTimerFailure(orderNumber, exception, failures);
    }

    /// <summary>The instant of the next attempt after <paramref name="failures"/> failures in a row: the first delay, doubled per further failure, up to the largest.</summary>
    private Instant RetryAt(Instant now, int failures)
    {
        var first = _options.FailureRetryDelay;
        var largest = _options.MaxFailureRetryDelay;
        var delay = first;
        for (var i = 1; i < failures && delay < largest; i++)
        {
            delay += delay;
        }

        return Internal.InstantMath.PlusSaturating(now, Duration.FromTimeSpan(delay < largest ? delay : largest));
    }

    private async ValueTask<bool> CatchUpAsync(string orderNumber, Instant now, bool dispatch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            var flow = await _store.LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false);
            if (flow?.NextTimerDueAt is not { } due || due > now)
            {
                return false;
            }

            var (draft, changes) = CatchUp(flow, _policies.For(flow), now);
            if (await SaveAndDispatchAsync(flow, draft, changes, null, dispatch, cancellationToken).ConfigureAwait(false) == FlowSaveResult.Saved)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies the timers of a flow due at or before now to a copy of it.</summary>
    private (ServiceFlow Draft, PendingChanges Changes) CatchUp(ServiceFlow flow, SupervisionPolicy policy, Instant now)
    {
        var draft = flow.Copy();
        var changes = new PendingChanges();
        using var lease = _machines.Lease();
        TimerCatchUp.Apply(lease.Machine, draft, policy, now, changes);
        return (draft, changes);
    }

    private async ValueTask<FlowSaveResult> SaveAndDispatchAsync(ServiceFlow stored, ServiceFlow draft, PendingChanges changes, CommandOutcome? outcome, bool dispatch, CancellationToken cancellationToken)
    {
        draft.Version = stored.Version + 1;
        var events = changes.BuildEvents(draft);
        var result = await _store.SaveAsync(new FlowChange(draft, stored.Version, changes.Records, events, outcome), cancellationToken).ConfigureAwait(false);
        if (dispatch && result == FlowSaveResult.Saved && events.Count > 0 && _options.DispatchEventsInline)
        {
            // The change is committed: from here nothing may fail the call. The handlers get a bounded time
            // (and the caller's cancellation ends the wait); an event not handled stays pending for the dispatcher.
            try
            {
                await DispatchAsync(events, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The store failed to mark them delivered, or the caller cancelled: the events stay pending.
            }
        }

        return result;
    }

    /// <summary>
    /// Hands events to every handler, each call bounded by <see cref="ServiceSupervisionOptions.EventHandlerTimeout"/>
    /// and the caller's token; marks delivered the events all handlers took and defers the others.
    /// </summary>
    private async ValueTask<int> DispatchAsync(IReadOnlyList<SupervisionEvent> events, CancellationToken cancellationToken)
    {
        var delivered = new List<Guid>(events.Count);
        foreach (var supervisionEvent in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception? failure = null;
            foreach (var handler in _handlers)
            {
                failure = await HandleAsync(handler, supervisionEvent, cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    break;
                }
            }

            if (failure is null)
            {
                delivered.Add(supervisionEvent.Id);
                continue;
            }

            var attempts = 0;
            try
            {
                var now = _clock.GetCurrentInstant();
                attempts = await _store.DeferEventAsync(supervisionEvent.Id, count => RetryAt(now, count), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception deferFailure) when (deferFailure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not deferred: the event stays pending and is tried again by a later dispatch.
            }

            ReportHandlerFailure(supervisionEvent, failure, attempts);
        }

        if (delivered.Count > 0)
        {
            await _store.MarkEventsDeliveredAsync(delivered, CancellationToken.None).ConfigureAwait(false);
        }

        return delivered.Count;
    }

    /// <summary>Runs one handler on one event within the handler time limit; returns its failure, or null when it handled the event.</summary>
    private async ValueTask<Exception?> HandleAsync(ISupervisionEventHandler handler, SupervisionEvent supervisionEvent, CancellationToken cancellationToken)
    {
        var timeout = _options.EventHandlerTimeout;
        using var timer = new CancellationTokenSource(timeout, _time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        Task handling;
        try
        {
            handling = handler.HandleAsync(supervisionEvent, limit.Token).AsTask();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }

        try
        {
            // A handler that ignores its token is not waited for past the limit: it goes on alone, and the
            // event stays pending (delivery is at least once).
            await handling.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The event handler {handler.GetType().Name} did not finish {supervisionEvent.Kind} event {supervisionEvent.Id} within {timeout.TotalSeconds} s."));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The event handler {handler.GetType().Name} gave up on {supervisionEvent.Kind} event {supervisionEvent.Id} at its time limit of {timeout.TotalSeconds} s."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }

    private void ReportTimerFailure(string orderNumber, Exception exception, int failures)
    {
        _ = failures;
        try
        {
            _options.TimerFailed?.Invoke(orderNumber, exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not stop the sweep.
        }
    }

    private void ReportHandlerFailure(SupervisionEvent supervisionEvent, Exception exception, int attempts)
    {
        _ = attempts;
        try
        {
            _options.EventHandlerFailed?.Invoke(supervisionEvent, exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not turn an accepted command into an error; the event stays pending.
        }
    }
}
