namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>The action steps the explorer tries from a state: every command by every actor kind, with valid input.</summary>
internal static class Candidates
{
    public static IReadOnlyList<ActionStep> ActionsFrom(FlowView view, Settings settings)
    {
        var decisions = DecisionsFrom(view, settings);
        var steps = new List<ActionStep>(settings.Actors.Count * (Parties.CallerActions.Count + decisions.Count));
        foreach (var actor in settings.Actors)
        {
            foreach (var action in Parties.CallerActions)
            {
                if (action != SupervisionAction.DecideAppeal)
                {
                    steps.Add(new ActionStep(actor, action));
                    continue;
                }

                foreach (var decision in decisions)
                {
                    steps.Add(decision with { Actor = actor });
                }
            }
        }

        return steps;
    }

    /// <summary>
    /// Every valid decision (appeal decisions, R24): Resume; ReturnTo each earlier stage than the frozen one (the
    /// current one when no appeal is open); Complete; Close. Resume and ReturnTo also resetting the counts when a
    /// count is not zero.
    /// </summary>
    private static List<ActionStep> DecisionsFrom(FlowView view, Settings settings)
    {
        var resets = view.RequestRejections > 0 || view.DeliveryRejections > 0 ? new[] { false, true } : [false];
        var decisions = new List<ActionStep>();
        var template = new ActionStep(ExplorerActor.OperationsManager, SupervisionAction.DecideAppeal);
        foreach (var reset in resets)
        {
            decisions.Add(template with { Outcome = AppealOutcome.Resume, ResetRejectionCounts = reset });
        }

        foreach (var stage in Parties.EarlierStages(view.Appeal?.FrozenStage ?? view.Stage, settings.HasRequestStep))
        {
            foreach (var reset in resets)
            {
                decisions.Add(template with { Outcome = AppealOutcome.ReturnTo, ReturnTo = stage, ResetRejectionCounts = reset });
            }
        }

        decisions.Add(template with { Outcome = AppealOutcome.Complete });
        decisions.Add(template with { Outcome = AppealOutcome.Close });
        return decisions;
    }
}
