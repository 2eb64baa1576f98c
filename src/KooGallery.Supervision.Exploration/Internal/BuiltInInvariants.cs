using System.Globalization;

namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>An invariant that broke, and how.</summary>
internal readonly record struct Broken(string Invariant, string Message);

/// <summary>
/// The invariants checked after every step (<see cref="InvariantNames"/>): on the state a step left, on the step
/// itself, and on what each actor may do in a state. Reads the operations manager's view only.
/// </summary>
internal sealed class BuiltInInvariants(Settings settings)
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        InvariantNames.FinalStagesAreTerminal, InvariantNames.CompletionNotBeforeAcceptancePlusDelay,
        InvariantNames.FrozenFlowRefusesPartyActions, InvariantNames.CountsEqualAcceptedRejections,
        InvariantNames.RecordsContiguousOnePerAcceptedCommand, InvariantNames.RefusalsChangeNothing,
        InvariantNames.IdleTimeNeverNegative, InvariantNames.PermittedActionsSucceed, InvariantNames.WaitingOnAgreesWithStage,
    };

    public static bool IsBuiltIn(string name) => Names.Contains(name);

    /// <summary>Checks the state a step left (or the created flow): every state invariant, then the caller's own.</summary>
    public void CheckState(FlowView view, IReadOnlyList<string> acceptedCommandIds, List<Broken> found)
    {
        Completion(view, found);
        Counts(view, found);
        Records(view, acceptedCommandIds, found);
        Idle(view, found);
        Waiting(view, found);
        foreach (var invariant in settings.Invariants)
        {
            if (invariant.Check(view) is { } message)
            {
                found.Add(new Broken(invariant.Name, message));
            }
        }
    }

    /// <summary>Checks a command that succeeded from <paramref name="before"/>: no final flow and no frozen flow accepts it (for parties).</summary>
    public static void CheckAccepted(FlowView before, ExploredStep step, List<Broken> found)
    {
        var action = (ActionStep)step.Step;
        if (before.Stored.IsFinal)
        {
            found.Add(new Broken(InvariantNames.FinalStagesAreTerminal, Say($"{action} succeeded on a flow already {before.Stage}; it left it {step.StageAfter}.")));
        }

        if (before.IsFrozen && action.Actor != ExplorerActor.OperationsManager)
        {
            found.Add(new Broken(InvariantNames.FrozenFlowRefusesPartyActions, Say($"{action} succeeded while an appeal froze the flow in {before.Appeal!.FrozenStage}.")));
        }
    }

    /// <summary>Checks a refused command: on a frozen flow a party's own action is refused as Frozen (the appeal freeze, R20).</summary>
    public static void CheckRefused(FlowView before, ExploredStep step, List<Broken> found)
    {
        var action = (ActionStep)step.Step;
        if (before.IsFrozen && !before.Stored.IsFinal && Parties.IsOwnAction(action.Actor, action.Action) && action.Actor != ExplorerActor.OperationsManager
            && step.Error!.Code != SupervisionErrorCode.Frozen)
        {
            found.Add(new Broken(InvariantNames.FrozenFlowRefusesPartyActions,
                Say($"{action} on a flow frozen in {before.Appeal!.FrozenStage} was refused as {step.Error.Code}, not as Frozen: {step.Error.Message}")));
        }
    }

    /// <summary>Checks a time step: a final flow stays as it was.</summary>
    public static void CheckTime(FlowView before, FlowView after, List<Broken> found)
    {
        if (before.Stored.IsFinal && (after.Stage != before.Stage || after.Records.Count != before.Records.Count))
        {
            found.Add(new Broken(InvariantNames.FinalStagesAreTerminal,
                Say($"time passing changed a {before.Stage} flow: now {after.Stage} with {after.Records.Count} records instead of {before.Records.Count}.")));
        }
    }

    /// <summary>
    /// Compares what an actor may do as the library lists it with what succeeded for it (the view, R28). A stranger's
    /// request for the list is refused (it is no party: actors and access, R1); that counts as an empty list.
    /// </summary>
    public static string? ComparePermitted(ExplorerActor actor, SupervisionResult<IReadOnlyList<SupervisionAction>> permitted, ISet<SupervisionAction> succeeded, out SupervisionAction? culprit)
    {
        culprit = null;
        IReadOnlyList<SupervisionAction> listed;
        if (permitted.IsSuccess)
        {
            listed = permitted.Value;
        }
        else if (actor == ExplorerActor.Stranger && permitted.Error!.Code == SupervisionErrorCode.Forbidden)
        {
            listed = [];
        }
        else
        {
            return Say($"the {actor}'s permitted actions could not be read: {permitted.Error!.Code}: {permitted.Error.Message}");
        }

        var missing = listed.Where(a => !succeeded.Contains(a)).ToList();
        var unlisted = succeeded.Where(a => !listed.Contains(a)).Order().ToList();
        if (missing.Count == 0 && unlisted.Count == 0)
        {
            return null;
        }

        culprit = missing.Count > 0 ? missing[0] : unlisted[0];
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"permitted but refused: {string.Join(", ", missing)}");
        }

        if (unlisted.Count > 0)
        {
            parts.Add($"succeeded but not permitted: {string.Join(", ", unlisted)}");
        }

        return Say($"{actor}: the permitted actions are [{string.Join(", ", listed)}] but the actions that succeed are [{string.Join(", ", succeeded.Order())}]; {string.Join("; ", parts)}.");
    }

    private void Completion(FlowView view, List<Broken> found)
    {
        var delay = settings.Policy.CompletionDelay;
        var flow = view.Stored;
        if (flow.CompletionDueAt is { } due)
        {
            if (flow.AcceptedAt is not { } accepted)
            {
                found.Add(new Broken(InvariantNames.CompletionNotBeforeAcceptancePlusDelay, Say($"a completion is due at {due} but no delivery is accepted.")));
            }
            else if (due < accepted + delay)
            {
                found.Add(new Broken(InvariantNames.CompletionNotBeforeAcceptancePlusDelay,
                    Say($"the completion is due at {due}, before the acceptance at {accepted} plus the delay {DurationText.Format(delay)}.")));
            }
        }

        Instant? lastAcceptance = null;
        foreach (var record in view.Records)
        {
            if (record.Action == SupervisionAction.AcceptDelivery)
            {
                lastAcceptance = record.At;
            }
            else if (record.Action == SupervisionAction.CompleteOnSchedule)
            {
                if (lastAcceptance is not { } accepted)
                {
                    found.Add(new Broken(InvariantNames.CompletionNotBeforeAcceptancePlusDelay,
                        Say($"record {record.Sequence} completes the flow by schedule at {record.At}, but no delivery was accepted before it.")));
                }
                else if (record.At < accepted + delay)
                {
                    found.Add(new Broken(InvariantNames.CompletionNotBeforeAcceptancePlusDelay,
                        Say($"record {record.Sequence} completes the flow at {record.At}, {DurationText.Format(record.At - accepted)} after the acceptance at {accepted}; the delay is {DurationText.Format(delay)}.")));
                }
            }
        }
    }

    private static void Counts(FlowView view, List<Broken> found)
    {
        int requests = 0, deliveries = 0;
        foreach (var record in view.Records)
        {
            switch (record.Action)
            {
                case SupervisionAction.ReturnRequest:
                    requests++;
                    break;
                case SupervisionAction.RejectDelivery:
                    deliveries++;
                    break;
                case SupervisionAction.DecideAppeal when record.Fields.TryGetValue(DecideAppeal.ResetRejectionCountsField, out var reset)
                    && string.Equals(reset, "true", StringComparison.OrdinalIgnoreCase):
                    requests = 0;
                    deliveries = 0;
                    break;
            }
        }

        if (view.RequestRejections != requests || view.DeliveryRejections != deliveries)
        {
            found.Add(new Broken(InvariantNames.CountsEqualAcceptedRejections,
                Say($"the counts are {view.RequestRejections} request and {view.DeliveryRejections} delivery rejections, but the records since the last reset hold {requests} and {deliveries}.")));
        }
    }

    private static void Records(FlowView view, IReadOnlyList<string> accepted, List<Broken> found)
    {
        var records = view.Records;
        string? problem = null;
        if (records.Count == 0 || records[0].Action != SupervisionAction.CreateFlow)
        {
            problem = "the first record is not the flow's creation";
        }
        else if (records.Count != view.Stored.LastSequence)
        {
            problem = Say($"the flow's last sequence is {view.Stored.LastSequence} but it has {records.Count} records");
        }
        else if (records[^1].StageAfter != view.Stage)
        {
            problem = Say($"the last record ends in {records[^1].StageAfter} but the flow is {view.Stage}");
        }

        for (var i = 0; problem is null && i < records.Count; i++)
        {
            if (records[i].Sequence != i + 1)
            {
                problem = Say($"record {i + 1} has sequence {records[i].Sequence}");
            }
            else if (i > 0 && records[i].StageBefore != records[i - 1].StageAfter)
            {
                problem = Say($"record {i + 1} ({records[i].Action}) starts in {records[i].StageBefore} but record {i} ended in {records[i - 1].StageAfter}");
            }
        }

        if (problem is null)
        {
            var recorded = records.Where(r => r.CommandId is not null).Select(r => r.CommandId!).ToList();
            if (!recorded.SequenceEqual(accepted, StringComparer.Ordinal))
            {
                problem = Say($"the accepted commands were [{string.Join(", ", accepted)}] but the records name [{string.Join(", ", recorded)}]");
            }
        }

        if (problem is not null)
        {
            found.Add(new Broken(InvariantNames.RecordsContiguousOnePerAcceptedCommand, Say($"{problem}.")));
        }
    }

    private static void Idle(FlowView view, List<Broken> found)
    {
        if (view.IdleFor < Duration.Zero)
        {
            found.Add(new Broken(InvariantNames.IdleTimeNeverNegative, Say($"the idle time is {view.IdleFor}.")));
        }
        else if (view.Stored.IdleSince is { } since && since > view.AsOf)
        {
            found.Add(new Broken(InvariantNames.IdleTimeNeverNegative, Say($"the idle clock starts at {since}, after now ({view.AsOf}).")));
        }
    }

    private static void Waiting(FlowView view, List<Broken> found)
    {
        var expected = view.IsFrozen ? Party.OperationsManagers : Parties.WaitingOnIn(view.Stage);
        if (view.WaitingOn != expected)
        {
            found.Add(new Broken(InvariantNames.WaitingOnAgreesWithStage,
                Say($"a {(view.IsFrozen ? "frozen " : string.Empty)}{view.Stage} flow waits on {view.WaitingOn}, not on {expected}.")));
            return;
        }

        var clockShouldRun = expected is Party.Buyer or Party.Seller;
        var clockRuns = view.Stored.IdleSince is not null;
        if (clockRuns != clockShouldRun || (view.Stored.StallDueAt is not null) != clockRuns)
        {
            found.Add(new Broken(InvariantNames.WaitingOnAgreesWithStage,
                Say($"a {(view.IsFrozen ? "frozen " : string.Empty)}{view.Stage} flow waits on {expected}, but its idle clock {(clockRuns ? "runs" : "is stopped")} (stall due {view.Stored.StallDueAt?.ToString() ?? "never"}).")));
        }
    }

    private static string Say(FormattableString text) => FormattableString.Invariant(text);
}
