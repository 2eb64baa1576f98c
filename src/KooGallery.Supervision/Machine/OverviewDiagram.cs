using System.Text;
using Stateless.Reflection;

namespace KooGallery.Supervision.Machine;

/// <summary>
/// The overview of the machine as a Mermaid state diagram: the stages of the main path with the buyer's,
/// the seller's and the scheduled completion's transitions, and the appeal drawn once, from one
/// "any open stage" node, instead of from every stage. Read from the machine's structure, and checked
/// against it: when an appeal or timer trigger is no longer configured in every open stage, the overview
/// would be false, so it is not drawn.
/// </summary>
internal static class OverviewDiagram
{
    private const string AnyOpenStage = "AnyOpenStage";
    private const string AppealOpen = "AppealOpen";

    private static readonly Trigger[] AppealDecisions =
        [Trigger.ResumeAfterAppeal, Trigger.ReturnAfterAppeal, Trigger.CompleteOnAppeal, Trigger.CloseOnAppeal];

    /// <summary>Formats the overview of <paramref name="info"/>; the first stages are read from <paramref name="policy"/>.</summary>
    public static string Format(StateMachineInfo info, SupervisionPolicy policy)
    {
        var states = info.States.OrderBy(state => (Stage)state.UnderlyingState).ToList();
        var open = states.Where(state => state.FixedTransitions.Any() || state.DynamicTransitions.Any()).ToList();
        var mermaid = new StringBuilder();
        mermaid.Append("stateDiagram-v2\n");
        mermaid.Append(FormattableString.Invariant($"\tstate \"any open stage\" as {AnyOpenStage}\n"));
        mermaid.Append(FormattableString.Invariant($"\tstate \"appeal open: the stage is frozen\" as {AppealOpen}\n"));

        foreach (var first in Enum.GetValues<ProductKind>().GroupBy(kind => FlowCreation.FirstStage(kind, policy)).OrderBy(group => group.Key))
        {
            mermaid.Append(FormattableString.Invariant($"\t[*] --> {first.Key} : created for {string.Join(", ", first)}\n"));
        }

        // The main path: every transition the buyer, the seller or the completion timer takes, one line per
        // stage and target, with the actions that stay in a stage folded into one loop per stage.
        foreach (var state in open)
        {
            var stage = (Stage)state.UnderlyingState;
            var loops = new List<string>();
            foreach (var transition in state.FixedTransitions)
            {
                var trigger = (Trigger)transition.Trigger.UnderlyingTrigger;
                if (!IsMainPath(trigger))
                {
                    continue;
                }

                var label = trigger == Trigger.CompleteOnSchedule
                    ? FormattableString.Invariant($"{SupervisionMachine.ActionOf(trigger)} ({Who(trigger)}, once the completion delay has passed)")
                    : FormattableString.Invariant($"{SupervisionMachine.ActionOf(trigger)} ({Who(trigger)})");
                var target = (Stage)transition.DestinationState.UnderlyingState;
                if (transition.IsInternalTransition || target == stage)
                {
                    loops.Add(label);
                }
                else
                {
                    mermaid.Append(FormattableString.Invariant($"\t{stage} --> {target} : {label}\n"));
                }
            }

            if (loops.Count > 0)
            {
                mermaid.Append(FormattableString.Invariant($"\t{stage} --> {stage} : {string.Join(", ", loops)}\n"));
            }
        }

        // What every open stage shares, drawn once.
        var openStages = open.Select(state => (Stage)state.UnderlyingState).ToList();
        RequireInEvery(open, Trigger.OpenAppeal, openStages);
        RequireInEvery(open, Trigger.FlagLongOpen, openStages.Where(stage => stage != Stage.Accepted));
        RequireInEvery(open, Trigger.FlagStall, openStages.Where(stage => ServiceFlow.WaitingOnIn(stage) != Party.Nobody));
        RequireInEvery(open, Trigger.FlagAppealOverdue, openStages);
        foreach (var decision in AppealDecisions)
        {
            RequireInEvery(open, decision, openStages.Where(stage => decision != Trigger.ReturnAfterAppeal || stage != Stage.AwaitingRequest));
        }

        mermaid.Append(FormattableString.Invariant($"\t{AnyOpenStage} --> {AnyOpenStage} : {SupervisionMachine.ActionOf(Trigger.FlagStall)}, {SupervisionMachine.ActionOf(Trigger.FlagLongOpen)} (system, before acceptance: a record and an event, the stage stays)\n"));
        mermaid.Append(FormattableString.Invariant($"\t{AnyOpenStage} --> {AppealOpen} : {SupervisionMachine.ActionOf(Trigger.OpenAppeal)} ({Who(Trigger.OpenAppeal)})\n"));
        mermaid.Append(FormattableString.Invariant($"\t{AppealOpen} --> {AppealOpen} : {SupervisionMachine.ActionOf(Trigger.FlagAppealOverdue)} (system: the appeal stays open)\n"));
        mermaid.Append(FormattableString.Invariant($"\t{AppealOpen} --> {AnyOpenStage} : {Outcome(Trigger.ResumeAfterAppeal)} or {Outcome(Trigger.ReturnAfterAppeal)} an earlier stage ({Who(Trigger.ResumeAfterAppeal)})\n"));
        foreach (var decision in new[] { Trigger.CompleteOnAppeal, Trigger.CloseOnAppeal })
        {
            var target = open.SelectMany(state => state.FixedTransitions)
                .First(transition => (Trigger)transition.Trigger.UnderlyingTrigger == decision).DestinationState.UnderlyingState;
            mermaid.Append(FormattableString.Invariant($"\t{AppealOpen} --> {target} : {Outcome(decision)} ({Who(decision)})\n"));
        }

        mermaid.Append(FormattableString.Invariant($"\tnote right of {AppealOpen}\n"));
        mermaid.Append("\t\tAn appeal freezes any open stage until an operations manager decides:\n");
        mermaid.Append(FormattableString.Invariant($"\t\t{string.Join(" / ", AppealDecisions.Select(Outcome))}\n"));
        mermaid.Append("\tend note\n");
        foreach (var state in states.Except(open))
        {
            mermaid.Append(FormattableString.Invariant($"\t{state.UnderlyingState} --> [*]\n"));
        }

        return mermaid.ToString();
    }

    private static bool IsMainPath(Trigger trigger) =>
        SupervisionMachine.RoleOf(trigger) is ActorRole.Buyer or ActorRole.Seller || trigger == Trigger.CompleteOnSchedule;

    private static string Who(Trigger trigger) => SupervisionMachine.RoleOf(trigger) switch
    {
        ActorRole.Buyer => "buyer",
        ActorRole.Seller => "seller",
        ActorRole.OperationsManager => "operations manager",
        ActorRole.System => "system",
        _ => "buyer or seller",
    };

    private static AppealOutcome Outcome(Trigger decision) => decision switch
    {
        Trigger.ResumeAfterAppeal => AppealOutcome.Resume,
        Trigger.ReturnAfterAppeal => AppealOutcome.ReturnTo,
        Trigger.CompleteOnAppeal => AppealOutcome.Complete,
        Trigger.CloseOnAppeal => AppealOutcome.Close,
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    private static void RequireInEvery(IEnumerable<StateInfo> open, Trigger trigger, IEnumerable<Stage> stages)
    {
        var expected = stages.ToHashSet();
        var configured = open
            .Where(state => state.FixedTransitions.Any(transition => (Trigger)transition.Trigger.UnderlyingTrigger == trigger)
                || state.DynamicTransitions.Any(transition => (Trigger)transition.Trigger.UnderlyingTrigger == trigger))
            .Select(state => (Stage)state.UnderlyingState)
            .ToHashSet();
        if (!configured.SetEquals(expected))
        {
            throw new InvalidOperationException(
                $"The overview draws {trigger} once for {string.Join(", ", expected.Order())}, but the machine configures it in {string.Join(", ", configured.Order())}.");
        }
    }
}
