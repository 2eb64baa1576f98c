using Stateless;
using Stateless.Graph;
using TransitionOf = Stateless.StateMachine<KooGallery.Supervision.Stage, KooGallery.Supervision.Machine.Trigger>.Transition;

namespace KooGallery.Supervision.Machine;

/// <summary>
/// The one definition of the service flow (docs/rules.md, rules R6 to R25) on a Stateless machine. Read
/// <see cref="Configure"/> next to docs/rules.md: each stage lists the triggers it permits, the role that
/// may fire them and the guards that must hold. The machine is the only authority on what is
/// permitted: permitted actions (the view, R28) and NotPermittedInStage errors (refusals, R27) both come from it.
/// </summary>
/// <remarks>
/// Building a Stateless machine is costly, so instances are pooled (<see cref="SupervisionMachinePool"/>)
/// and re-bound to a flow for each use. The machine reads and writes the stage of the bound flow
/// draft through Stateless's external state accessor. An instance is used by one thread at a time.
/// </remarks>
internal sealed partial class SupervisionMachine
{
    private static readonly Stage[] NonFinalStages =
    [
        Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned, Stage.InService,
        Stage.Delivered, Stage.DeliveryRejected, Stage.Accepted,
    ];

    private readonly StateMachine<Stage, Trigger> _machine;
    private readonly Dictionary<Stage, Trigger[]> _configuredTriggers = [];
    private readonly List<RaisedEvent> _raised = new(2);
    private readonly ServiceFlow _unbound = new() { Stage = Stage.AwaitingRequest };
    private ServiceFlow _flow;
    private SupervisionPolicy _policy = SupervisionPolicy.Default;
    private Actor _actor = Actor.System;
    private readonly Dictionary<Trigger, StateMachine<Stage, Trigger>.TriggerWithParameters<CommandDetails>> _withDetails = [];
    private Instant _now;
    private bool _unhandled;

    public SupervisionMachine()
    {
        _flow = _unbound;
        _machine = new StateMachine<Stage, Trigger>(() => _flow.Stage, stage => _flow.Stage = stage, FiringMode.Immediate);
        _machine.OnUnhandledTrigger((_, _, _) => _unhandled = true);
        foreach (var trigger in Enum.GetValues<Trigger>())
        {
            if (RoleOf(trigger) != ActorRole.System)
            {
                _withDetails[trigger] = _machine.SetTriggerParameters<CommandDetails>(trigger);
            }
        }

        Configure();
        foreach (var state in _machine.GetInfo().States)
        {
            var triggers = new List<Trigger>();
            foreach (var transition in state.Transitions)
            {
                var trigger = (Trigger)transition.Trigger.UnderlyingTrigger;
                if (!triggers.Contains(trigger))
                {
                    triggers.Add(trigger);
                }
            }

            _configuredTriggers[(Stage)state.UnderlyingState] = [.. triggers];
        }
    }

    /// <summary>Gets the events the last fire raised, in order.</summary>
    public IReadOnlyList<RaisedEvent> Raised => _raised;

    /// <summary>Gets the machine's structure, for the diagrams.</summary>
    public Stateless.Reflection.StateMachineInfo Info => _machine.GetInfo();

    /// <summary>
    /// Binds the machine to a flow for one use. Firing changes the bound flow, so bind a draft (a copy)
    /// before firing; asking only (permitted actions, configured triggers) leaves it untouched.
    /// </summary>
    public void Bind(ServiceFlow draft, SupervisionPolicy policy, Actor actor, Instant now)
    {
        _flow = draft;
        _policy = policy;
        _actor = actor;
        _now = now;
        _raised.Clear();
    }

    /// <summary>Releases the references to the last flow so a pooled machine keeps nothing alive.</summary>
    public void Unbind()
    {
        _flow = _unbound;
        _actor = Actor.System;
        _raised.Clear();
    }

    /// <summary>Whether the trigger is configured in the bound flow's stage at all, guards aside.</summary>
    public bool IsConfiguredInStage(Trigger trigger) =>
        _configuredTriggers.TryGetValue(_flow.Stage, out var triggers) && Array.IndexOf(triggers, trigger) >= 0;

    /// <summary>
    /// Fires a command's trigger with its details on the bound flow draft when the stage permits it and
    /// every guard holds; else changes nothing and returns false. One evaluation of the guards, no
    /// exception on refusal.
    /// </summary>
    public bool TryFire(Trigger trigger, CommandDetails details)
    {
        _unhandled = false;
        _machine.Fire(_withDetails[trigger], details);
        return !_unhandled;
    }

    /// <summary>Fires a timer's trigger that must be permitted now (it is due); throws when it is not.</summary>
    public void Fire(Trigger trigger)
    {
        _unhandled = false;
        _machine.Fire(trigger);
        // Stryker disable once Statement,Block : defensive; the catch-up fires only due timers, which the guards permit
        if (_unhandled)
        {
            throw new InvalidOperationException($"{trigger} is not permitted in stage {_flow.Stage} of flow {_flow.OrderNumber}.");
        }
    }

    /// <summary>
    /// Whether the appeal freeze blocks the bound actor (the appeal freeze, R20): an appeal is open and the actor is
    /// the buyer or the seller. It is the predicate of the machine's "no open appeal" guard, asked first so that a
    /// frozen flow answers Frozen whatever the stage.
    /// </summary>
    public bool FreezeBlocksActor() => _flow.IsFrozen && _actor.Role is ActorRole.Buyer or ActorRole.Seller;

    /// <summary>The actions the bound actor may take now on the bound flow (the view, R28), in a stable order.</summary>
    public IReadOnlyList<SupervisionAction> PermittedActions()
    {
        // Stryker disable once Logical,Block : every stage is configured, and a stage without triggers gives an empty list either way
        if (!_configuredTriggers.TryGetValue(_flow.Stage, out var triggers) || triggers.Length == 0)
        {
            return [];
        }

        List<SupervisionAction>? actions = null;
        foreach (var trigger in triggers)
        {
            if (!RoleMayFire(trigger, _actor.Role) || !_machine.CanFire(trigger))
            {
                continue;
            }

            var action = ActionOf(trigger);
            actions ??= new List<SupervisionAction>(4);
            if (!actions.Contains(action))
            {
                actions.Add(action);
            }
        }

        if (actions is null)
        {
            return [];
        }

        // Stryker disable once Statement : the configured triggers are kept in the order of their actions, so the list is sorted already
        actions.Sort();
        return actions;
    }

    private void Configure()
    {
        // Who may fire what is the role table of RoleOf, read here once per role.
        var byBuyer = ByRole(ActorRole.Buyer, "by the buyer");
        var bySeller = ByRole(ActorRole.Seller, "by the seller");
        var byOperationsManager = ByRole(ActorRole.OperationsManager, "by an operations manager");
        var bySystem = ByRole(ActorRole.System, "by the system (timer)");
        var notFrozen = Guard(() => !_flow.IsFrozen, "no open appeal (R20)");
        var appealOpen = Guard(() => _flow.IsFrozen, "an appeal is open");

        // R2, R5: the first stage is AwaitingRequest or InService, chosen at creation.

        // R8, R10: the buyer submits a request, and again after it was returned.
        _machine.Configure(Stage.AwaitingRequest)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .PermitIf(Trigger.SubmitRequest, Stage.RequestSubmitted, byBuyer, notFrozen);

        // R9: the seller accepts the request or returns it with a reason.
        _machine.Configure(Stage.RequestSubmitted)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .OnEntryFrom(_withDetails[Trigger.SubmitRequest], details => Raise(SupervisionEventKind.RequestSubmitted, Party.Seller, details.Text), "raise RequestSubmitted")
            .PermitIf(Trigger.AcceptRequest, Stage.InService, bySeller, notFrozen)
            .PermitIf(Trigger.ReturnRequest, Stage.RequestReturned, bySeller, notFrozen);

        _machine.Configure(Stage.RequestReturned)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .OnEntryFrom(_withDetails[Trigger.ReturnRequest], CountRequestRejection, "request-rejection count + 1 (R9)")
            .PermitIf(Trigger.SubmitRequest, Stage.RequestSubmitted, byBuyer, notFrozen);

        // R11, R12: the seller posts progress and delivers with proof.
        _machine.Configure(Stage.InService)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .OnEntryFrom(_withDetails[Trigger.AcceptRequest], details => Raise(SupervisionEventKind.RequestAccepted, Party.Buyer, details.Text), "raise RequestAccepted")
            .InternalTransitionIf(Trigger.PostProgressUpdate, All(bySeller, notFrozen), RestartIdleClock, "by the seller, no open appeal (R20); restarts the idle clock (R11, R16)")
            .PermitIf(Trigger.Deliver, Stage.Delivered, bySeller, notFrozen);

        // R13: the buyer accepts or rejects the delivery.
        _machine.Configure(Stage.Delivered)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .OnEntryFrom(_withDetails[Trigger.Deliver], RememberDelivery, "keep the enabling instant (R12)")
            .PermitIf(Trigger.AcceptDelivery, Stage.Accepted, byBuyer, notFrozen)
            .PermitIf(Trigger.RejectDelivery, Stage.DeliveryRejected, byBuyer, notFrozen);

        _machine.Configure(Stage.DeliveryRejected)
            .OnEntry(EnterStage, "restart the idle clock (R16)")
            .OnEntryFrom(_withDetails[Trigger.RejectDelivery], CountDeliveryRejection, "delivery-rejection count + 1 (R13)")
            .InternalTransitionIf(Trigger.PostProgressUpdate, All(bySeller, notFrozen), RestartIdleClock, "by the seller, no open appeal (R20); restarts the idle clock (R11, R16)")
            .PermitIf(Trigger.Deliver, Stage.Delivered, bySeller, notFrozen);

        // R14, R15: acceptance records the service start and schedules completion.
        _machine.Configure(Stage.Accepted)
            .OnEntry(EnterStage, "stop the idle clock: waits on nobody (R16)")
            .OnEntryFrom(_withDetails[Trigger.AcceptDelivery], ScheduleCompletion, "service start (R14); completion due after the delay (R15)")
            .PermitIf(Trigger.CompleteOnSchedule, Stage.Completed, bySystem, notFrozen,
                Guard(() => _flow.CompletionDueAt is { } due && due <= _now, "completion is due (R15)"));

        _machine.Configure(Stage.Completed)
            .OnEntry(transition => Finish(SupervisionEventKind.Completed, DetailsOf(transition)), "final: billable (R15)");

        _machine.Configure(Stage.Closed)
            .OnEntry(transition => Finish(SupervisionEventKind.Closed, DetailsOf(transition)), "final: not billable (R24)");

        // R17: while the flow waits on the seller, the buyer may remind, once per interval.
        foreach (var stage in new[] { Stage.RequestSubmitted, Stage.InService, Stage.DeliveryRejected })
        {
            _machine.Configure(stage)
                .InternalTransitionIf(Trigger.SendReminder, All(byBuyer, notFrozen, ReminderAllowed()), transition => RecordReminder(DetailsOf(transition)),
                    "by the buyer, no open appeal (R20), reminder interval passed (R17)");
        }

        // R18, R19, R25: the system's timers that raise an event and leave a record without changing the stage;
        // the sweep or the catch-up of a read or command fires each once, at its due instant.
        // Stryker disable once String : the description only labels the reflection of an internal transition, which no diagram shows
        var stallDue = Guard(() => !_flow.StallRaised && _flow.StallDueAt is { } due && due <= _now, "the waited-on party idle more than the stall period (R18)");
        // Stryker disable once Logical,String : the catch-up fires FlagLongOpen only when due, not raised and not accepted (ServiceFlow.NextTimerDueAt); the description only labels the reflection
        var longOpenDue = Guard(() => !_flow.LongOpenRaised && _flow.AcceptedAt is null && _flow.LongOpenDueAt <= _now, "not accepted long after placement (R19)");
        // Stryker disable once String : the description only labels the reflection of an internal transition, which no diagram shows
        var overdueDue = Guard(() => _flow.Appeal is { OverdueRaised: false } appeal && appeal.OverdueAt <= _now, "the appeal decision is overdue (R25)");
        foreach (var stage in NonFinalStages)
        {
            var configuration = _machine.Configure(stage)
                .InternalTransitionIf(Trigger.FlagAppealOverdue, All(bySystem, appealOpen, overdueDue), MarkAppealOverdue,
                    "by the system: the appeal decision is overdue (R25); the appeal stays open");
            if (ServiceFlow.WaitingOnIn(stage) != Party.Nobody)
            {
                configuration.InternalTransitionIf(Trigger.FlagStall, All(bySystem, notFrozen, stallDue), MarkStalled,
                    "by the system: the waited-on party idle more than the stall period (R18)");
            }

            if (stage != Stage.Accepted)
            {
                configuration.InternalTransitionIf(Trigger.FlagLongOpen, All(bySystem, longOpenDue), MarkLongOpen,
                    "by the system: not accepted long after placement (R19)");
            }
        }

        // R20 to R24: appeals in every non-final stage; an operations manager decides.
        // Stryker disable once String : the description only labels the reflection of an internal transition, which no diagram shows
        var appealConditions = Guard(() => AppealConditions.Hold(_flow, _policy, _now, _actor.Role),
            "buyer: seller stalled or rejections reached (R21); seller: per policy (R22)");
        // Stryker disable once String : the guard descriptions of internal transitions only label the reflection, which no diagram shows
        var byBuyerOrSeller = Guard(() => _actor.Role is ActorRole.Buyer or ActorRole.Seller, "by the buyer or the seller");
        // Stryker disable once Equality : ReturnTo is configured only after AwaitingRequest, so the guard holds wherever it is asked
        var earlierStageExists = Guard(() => StageProgress.Of(_flow.Stage) > StageProgress.Of(Stage.AwaitingRequest), "an earlier stage exists");
        foreach (var stage in NonFinalStages)
        {
            var earlier = new Stateless.Reflection.DynamicStateInfos();
            foreach (var candidate in NonFinalStages)
            {
                if (StageProgress.Of(candidate) < StageProgress.Of(stage))
                {
                    earlier.Add(candidate, "named earlier stage");
                }
            }

            var configuration = _machine.Configure(stage)
                .InternalTransitionIf(Trigger.OpenAppeal, All(byBuyerOrSeller, notFrozen, appealConditions), transition => Freeze(DetailsOf(transition)),
                    "by the buyer or the seller, no open appeal (R20), appeal conditions hold (R21, R22)")
                .InternalTransitionIf(Trigger.ResumeAfterAppeal, All(byOperationsManager, appealOpen), transition => Resume(DetailsOf(transition)),
                    "by an operations manager, an appeal is open: Resume (R24)")
                .PermitIf(Trigger.CompleteOnAppeal, Stage.Completed, byOperationsManager, appealOpen)
                .PermitIf(Trigger.CloseOnAppeal, Stage.Closed, byOperationsManager, appealOpen);
            if (StageProgress.Of(stage) > StageProgress.Of(Stage.AwaitingRequest))
            {
                configuration.PermitDynamicIf(_withDetails[Trigger.ReturnAfterAppeal], TheNamedEarlierStage, earlier,
                    byOperationsManager, appealOpen, earlierStageExists);
            }
        }
    }

    private static Tuple<Func<bool>, string> Guard(Func<bool> predicate, string description) => Tuple.Create(predicate, description);

    private static Func<object[], bool> All(params Tuple<Func<bool>, string>[] guards) => _ =>
    {
        foreach (var guard in guards)
        {
            if (!guard.Item1())
            {
                return false;
            }
        }

        return true;
    };

    private Tuple<Func<bool>, string> ReminderAllowed()
    {
        // Stryker disable once String : the guard descriptions of internal transitions only label the reflection, which no diagram shows
        return Guard(() => ReminderRule.Allows(_flow, _policy, _now), "reminder interval passed (R17)");
    }

    private Tuple<Func<bool>, string> ByRole(ActorRole role, string description) => Guard(() => _actor.Role == role, description);

    private Stage TheNamedEarlierStage(CommandDetails details) => details.ReturnTo ?? _flow.Stage;

    private static CommandDetails DetailsOf(TransitionOf transition) =>
        transition.Parameters is [CommandDetails details, ..] ? details : CommandDetails.None;

}
