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

    /// <summary>Initializes a supervisor.</summary>
    /// <param name="store">Where flows are kept.</param>
    /// <param name="clock">The clock every instant comes from (R32).</param>
    /// <param name="options">The policies and limits; null for the defaults.</param>
    /// <param name="handlers">The event handlers; null for none.</param>
    /// <exception cref="ArgumentException">An option or policy is out of range.</exception>
    public ServiceSupervisor(IServiceFlowStore store, IClock clock, ServiceSupervisionOptions? options = null, IEnumerable<ISupervisionEventHandler>? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _clock = clock;
        _options = options ?? new ServiceSupervisionOptions();
        _options.Validate();
        _policies = new PolicyCatalog(_options.Policies);
        _handlers = handlers?.ToArray() ?? [];
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
                "RenewalOrder");
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
                $"No supervision policy was in force at {order.PlacedAt}; register a policy whose EffectiveFrom is at or before the placement.");
        }

        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            var existing = await _store.LoadAsync(order.OrderNumber, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                var differences = FlowCreation.Differences(existing, order);
                return differences.Count == 0
                    ? SupervisionResult<ServiceFlow>.Success(existing)
                    : Errors.Conflict("DifferentOrderData",
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

        return Errors.Conflict("VersionConflict", $"Order {order.OrderNumber} was being created concurrently; try again.");
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

        var content = new CommandContent();
        command.Describe(content);
        var fingerprint = CommandFingerprint.Of(command, content);

        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            // The flow is read before the command id: if the first call of a retried command saves in
            // between, the id is found; if it saves later, this attempt's save loses the version race (R30).
            var flow = await _store.LoadAsync(command.OrderNumber, cancellationToken).ConfigureAwait(false);
            var prior = await _store.FindCommandOutcomeAsync(command.CommandId, cancellationToken).ConfigureAwait(false);
            if (prior is not null)
            {
                return ReplayOrReuse(prior, command, fingerprint);
            }

            if (flow is null)
            {
                return Errors.NotFound(command.OrderNumber);
            }

            if (Authorize(flow, command) is { } forbidden)
            {
                return forbidden;
            }

            var policy = _policies.For(flow);
            var now = _clock.GetCurrentInstant();
            var draft = flow.Copy();
            var changes = new PendingChanges();
            SupervisionError? refusal;
            CommandOutcome? outcome = null;
            var machine = _machines.Rent();
            try
            {
                TimerCatchUp.Apply(machine, draft, policy, now, changes);
                var stageBefore = draft.Stage;
                refusal = Decide(machine, draft, policy, now, command, content);
                if (refusal is null)
                {
                    var record = changes.AddCommandRecord(draft, command, content, stageBefore, now, machine.Raised);
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
            finally
            {
                _machines.Return(machine);
            }

            if (refusal is not null)
            {
                // A refusal may come from the effect of this very command's first call (a retry on a
                // store that showed the new flow before the stored outcome): replay it if so (R30).
                var late = await _store.FindCommandOutcomeAsync(command.CommandId, cancellationToken).ConfigureAwait(false);
                if (late is not null)
                {
                    return ReplayOrReuse(late, command, fingerprint);
                }

                if (changes.HasAny)
                {
                    // The command changes nothing, but timers already due are caught up and kept (R15).
                    await SaveAndDispatchAsync(flow, draft, changes, null, cancellationToken).ConfigureAwait(false);
                }

                return refusal;
            }

            var saved = await SaveAndDispatchAsync(flow, draft, changes, outcome, cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved)
            {
                return outcome!;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        return Errors.Conflict("VersionConflict",
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
        IReadOnlyList<SupervisionAction> permitted;
        var machine = _machines.Rent();
        try
        {
            machine.Bind(flow, policy, viewer, now); // a read: nothing is fired, so the stored snapshot is not copied
            permitted = machine.PermittedActions();
        }
        finally
        {
            _machines.Return(machine);
        }

        var conditions = viewer.Role is ActorRole.Buyer or ActorRole.Seller && !flow.IsFinal
            ? AppealConditions.Describe(flow, policy, now, viewer.Role)
            : [];
        Instant? nextReminder = null;
        if (flow.WaitingOn == Party.Seller && !flow.IsFinal)
        {
            nextReminder = flow.LastReminderAt is { } last && last + policy.ReminderInterval > now ? last + policy.ReminderInterval : now;
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
        var machine = _machines.Rent();
        try
        {
            machine.Bind(flow, policy, actor, now); // a read: nothing is fired, so the stored snapshot is not copied
            return SupervisionResult<IReadOnlyList<SupervisionAction>>.Success(machine.PermittedActions());
        }
        finally
        {
            _machines.Return(machine);
        }
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

        if (query.PageSize < 1 || query.PageSize > _options.MaxSearchPageSize)
        {
            return Errors.Validation(nameof(FlowQuery.PageSize),
                string.Create(CultureInfo.InvariantCulture, $"The page size must be between 1 and {_options.MaxSearchPageSize}; it was {query.PageSize}."));
        }

        if (query.WaitingOn is { } waitingOn && (CheckActor(waitingOn) is not null || waitingOn.Role is not (ActorRole.Buyer or ActorRole.Seller)))
        {
            return Errors.Validation(nameof(FlowQuery.WaitingOn), "WaitingOn must be a buyer or a seller with an id.");
        }

        if (query.After is { } after && string.IsNullOrEmpty(after.OrderNumber))
        {
            return Errors.Validation(nameof(FlowQuery.After), "The cursor needs the order number of the last flow of the previous page.");
        }

        switch (viewer.Role)
        {
            case ActorRole.Buyer when query.BuyerId is not null && query.BuyerId != viewer.Id:
            case ActorRole.Seller when query.SellerId is not null && query.SellerId != viewer.Id:
                return new SupervisionError
                {
                    Code = SupervisionErrorCode.Forbidden,
                    Reason = "NotAParty",
                    Message = $"{viewer} may search only its own flows; leave the {viewer.Role} id empty or give its own.",
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
        var now = _clock.GetCurrentInstant();
        await CatchUpDueFlowsAsync(now, maxBatches: 1, cancellationToken).ConfigureAwait(false);
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
        var updated = await CatchUpDueFlowsAsync(now, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var dispatched = await DispatchPendingEventsAsync(cancellationToken).ConfigureAwait(false);
        return new TimerSweepResult(now, updated, dispatched);
    }

    /// <summary>
    /// Hands every pending event (saved, not yet delivered: for example after a handler failed or the
    /// process stopped) to the handlers again, oldest first, and marks those all handlers took as delivered.
    /// An event whose handler fails again is tried once per call and stays pending; it does not hold up
    /// the events behind it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>How many events were delivered.</returns>
    public async ValueTask<int> DispatchPendingEventsAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        var failed = new HashSet<Guid>();
        while (true)
        {
            var pending = await _store.ReadPendingEventsAsync(_options.TimerSweepBatchSize + failed.Count, cancellationToken).ConfigureAwait(false);
            var fresh = new List<SupervisionEvent>(pending.Count);
            foreach (var supervisionEvent in pending)
            {
                if (!failed.Contains(supervisionEvent.Id))
                {
                    fresh.Add(supervisionEvent);
                }
            }

            if (fresh.Count == 0)
            {
                return delivered;
            }

            delivered += await DispatchAsync(fresh, cancellationToken, failed).ConfigureAwait(false);
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
        return Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(span)), cancellationToken);
    }

    private static SupervisionError? Decide(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, SupervisionCommand command, CommandContent content)
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
                    Message = $"The {command.Actor.Role.ToString().ToLowerInvariant()} may not appeal yet; one condition must hold: {AppealConditions.Summarize(conditions)}.",
                    Conditions = conditions,
                    Stage = draft.Stage,
                };
            }

            case Trigger.SendReminder:
            {
                var last = draft.LastReminderAt!.Value;
                var elapsed = now > last ? now - last : Duration.Zero;
                var next = last + policy.ReminderInterval;
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
                    Message = $"One reminder per {DurationText.Format(policy.ReminderInterval)}: the last was sent at {last}; the next is allowed from {next}.",
                    Conditions = [condition],
                    RetryAt = next,
                    Stage = draft.Stage,
                };
            }

            default:
            {
                var reason = draft.IsFrozen ? null : command.Trigger is Trigger.ResumeAfterAppeal or Trigger.ReturnAfterAppeal or Trigger.CompleteOnAppeal or Trigger.CloseOnAppeal
                    ? "no appeal is open"
                    : null;
                return Errors.NotPermittedInStage(command.Action, draft, machine.PermittedActions(), reason);
            }
        }
    }

    private static bool IsParty(ServiceFlow flow, Actor actor) => actor.Role switch
    {
        ActorRole.Buyer => string.Equals(flow.BuyerId, actor.Id, StringComparison.Ordinal),
        ActorRole.Seller => string.Equals(flow.SellerId, actor.Id, StringComparison.Ordinal),
        _ => true,
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

    private static SupervisionResult<CommandOutcome> ReplayOrReuse(CommandOutcome prior, SupervisionCommand command, string fingerprint)
    {
        if (string.Equals(prior.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            return prior with { IsReplay = true };
        }

        // Name the earlier command only when it was on the same flow by the same kind of action: an id
        // reused across flows must not tell the caller about someone else's order.
        var detail = string.Equals(prior.OrderNumber, command.OrderNumber, StringComparison.Ordinal) && prior.Action == command.Action
            ? $" for another {prior.Action} on this order"
            : " for another command";
        return Errors.Conflict("CommandIdReused",
            $"Command id '{command.CommandId}' was already used{detail}; a retry must repeat that command exactly, and a new command needs a new id.");
    }

    private async ValueTask<SupervisionResult<(ServiceFlow Flow, SupervisionPolicy Policy, Instant Now)>> ReadCurrentAsync(string orderNumber, Actor viewer, CancellationToken cancellationToken)
    {
        if (CheckIds(commandId: null, orderNumber, viewer) is { } shapeError)
        {
            return shapeError;
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

            var draft = flow.Copy();
            var changes = new PendingChanges();
            var machine = _machines.Rent();
            try
            {
                TimerCatchUp.Apply(machine, draft, policy, now, changes);
            }
            finally
            {
                _machines.Return(machine);
            }

            var saved = await SaveAndDispatchAsync(flow, draft, changes, null, cancellationToken).ConfigureAwait(false);
            if (saved == FlowSaveResult.Saved || attempt + 1 >= _options.MaxCommandAttempts)
            {
                // Saved, or others keep changing the flow: show the caught-up state either way.
                return (draft, policy, now);
            }
        }
    }

    private async ValueTask<int> CatchUpDueFlowsAsync(Instant now, int maxBatches, CancellationToken cancellationToken)
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
                    if (await CatchUpAsync(orderNumber, now, cancellationToken).ConfigureAwait(false))
                    {
                        updated++;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One flow that cannot be caught up (a policy version no longer registered, a damaged
                    // row) must not stop the timers of every other flow: report it and go on.
                    ReportTimerFailure(orderNumber, exception);
                }
            }

            if (!fresh || due.Count < _options.TimerSweepBatchSize)
            {
                break;
            }
        }

        return updated;
    }

    private async ValueTask<bool> CatchUpAsync(string orderNumber, Instant now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxCommandAttempts; attempt++)
        {
            var flow = await _store.LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false);
            if (flow?.NextTimerDueAt is not { } due || due > now)
            {
                return false;
            }

            var policy = _policies.For(flow);
            var draft = flow.Copy();
            var changes = new PendingChanges();
            var machine = _machines.Rent();
            try
            {
                TimerCatchUp.Apply(machine, draft, policy, now, changes);
            }
            finally
            {
                _machines.Return(machine);
            }

            if (await SaveAndDispatchAsync(flow, draft, changes, null, cancellationToken).ConfigureAwait(false) == FlowSaveResult.Saved)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<FlowSaveResult> SaveAndDispatchAsync(ServiceFlow stored, ServiceFlow draft, PendingChanges changes, CommandOutcome? outcome, CancellationToken cancellationToken)
    {
        draft.Version = stored.Version + 1;
        var events = changes.BuildEvents(draft);
        var result = await _store.SaveAsync(new FlowChange(draft, stored.Version, changes.Records, events, outcome), cancellationToken).ConfigureAwait(false);
        if (result == FlowSaveResult.Saved && events.Count > 0)
        {
            // The change is committed: the caller's cancellation no longer applies to handing out its events,
            // and a failure here leaves them pending in the outbox instead of failing the accepted command.
            try
            {
                await DispatchAsync(events, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ReportHandlerFailure(events[0], exception);
            }
        }

        return result;
    }

    private async ValueTask<int> DispatchAsync(IReadOnlyList<SupervisionEvent> events, CancellationToken cancellationToken, HashSet<Guid>? failed = null)
    {
        var delivered = new List<Guid>(events.Count);
        foreach (var supervisionEvent in events)
        {
            var handled = true;
            foreach (var handler in _handlers)
            {
                try
                {
                    await handler.HandleAsync(supervisionEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The change is saved; the event stays pending and is handed out again later.
                    handled = false;
                    ReportHandlerFailure(supervisionEvent, exception);
                    break;
                }
            }

            if (handled)
            {
                delivered.Add(supervisionEvent.Id);
            }
            else
            {
                failed?.Add(supervisionEvent.Id);
            }
        }

        if (delivered.Count > 0)
        {
            await _store.MarkEventsDeliveredAsync(delivered, cancellationToken).ConfigureAwait(false);
        }

        return delivered.Count;
    }

    private void ReportTimerFailure(string orderNumber, Exception exception)
    {
        try
        {
            _options.TimerFailed?.Invoke(orderNumber, exception);
        }
        catch (Exception callbackFailure) when (callbackFailure is not OutOfMemoryException)
        {
            // A failing callback must not stop the sweep.
        }
    }

    private void ReportHandlerFailure(SupervisionEvent supervisionEvent, Exception exception)
    {
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
