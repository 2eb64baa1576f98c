namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>Where each policy threshold of a flow lies, and where a time step takes the clock.</summary>
internal static class Thresholds
{
    /// <summary>The instant of a pending threshold, or null when it is not pending.</summary>
    public static Instant? PendingAt(ExplorationThreshold threshold, ServiceFlow flow, SupervisionPolicy policy, Instant now) => threshold switch
    {
        ExplorationThreshold.Stall => flow.StallRaised ? null : flow.StallDueAt,
        ExplorationThreshold.Completion => flow.CompletionDueAt,

        // A reminder threshold matters only while the buyer could remind: the flow waits on the seller.
        ExplorationThreshold.Reminder => flow.WaitingOn == Party.Seller && flow.LastReminderAt is { } last && last + policy.ReminderInterval > now
            ? last + policy.ReminderInterval
            : null,
        ExplorationThreshold.AppealDecision => flow.Appeal is { OverdueRaised: false } appeal ? appeal.DecisionDueAt : null,
        ExplorationThreshold.LongOpen => !flow.LongOpenRaised && flow.AcceptedAt is null && !flow.IsFinal ? flow.LongOpenDueAt : null,
        _ => null,
    };

    /// <summary>The threshold's policy period: how far a time step goes when the threshold is not pending.</summary>
    public static Duration PeriodOf(ExplorationThreshold threshold, SupervisionPolicy policy) => threshold switch
    {
        ExplorationThreshold.Stall => policy.StallAfter,
        ExplorationThreshold.Completion => policy.CompletionDelay,
        ExplorationThreshold.Reminder => policy.ReminderInterval,
        ExplorationThreshold.AppealDecision => Duration.FromDays(policy.AppealDecisionWorkingDays),
        _ => policy.LongOpenAfter,
    };

    /// <summary>Where a time step takes the clock: never before now.</summary>
    public static Instant TargetOf(TimeStep step, ServiceFlow flow, SupervisionPolicy policy, Instant now)
    {
        var target = PendingAt(step.Threshold, flow, policy, now) is { } at
            ? at + step.Offset
            : now + PeriodOf(step.Threshold, policy) + step.Offset;
        return target > now ? target : now;
    }

    /// <summary>
    /// The time steps the explorer takes from a state: to each pending threshold plus each offset, later than now,
    /// each target once. A final flow has no pending threshold; it gets one step (the first threshold's period) to
    /// show that time changes nothing.
    /// </summary>
    public static IReadOnlyList<(TimeStep Step, Instant Target)> StepsFrom(FlowView view, Settings settings)
    {
        var steps = new List<(TimeStep, Instant)>();
        var targets = new HashSet<Instant>();
        var now = view.AsOf;
        foreach (var threshold in settings.Thresholds)
        {
            if (PendingAt(threshold, view.Stored, settings.Policy, now) is not { } at)
            {
                continue;
            }

            foreach (var offset in settings.Offsets)
            {
                var target = at + offset;
                if (target > now && targets.Add(target))
                {
                    steps.Add((new TimeStep(threshold, offset), target));
                }
            }
        }

        if (steps.Count == 0 && view.Stored.IsFinal && settings.Thresholds.Count > 0)
        {
            var step = new TimeStep(settings.Thresholds[0], Duration.Zero);
            steps.Add((step, TargetOf(step, view.Stored, settings.Policy, now)));
        }

        return steps;
    }
}
