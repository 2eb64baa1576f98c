namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// The canonical key of an explored state: what decides the flow's future behaviour, read from the public view,
/// with every timer relative to now. Two states with one key are merged and explored once.
/// </summary>
/// <remarks>
/// <para>Left out because no future step depends on them: records, versions, command ids, absolute instants, who
/// opened the appeal, the service start.</para>
/// <para>Folded where only a comparison matters: a rejection count at or above the policy's appeal threshold counts
/// as the threshold; an idle time past the stall threshold, a reminder already allowed, and an appeal deadline
/// already passed count as one value each; a long-open threshold further off than
/// <see cref="Settings.LongOpenHorizon"/> counts as far.</para>
/// <para>The calendar is not part of the key: an appeal opened on another weekday has another decision window, and
/// states whose deadlines lie equally far off are merged whatever the weekday.</para>
/// </remarks>
internal readonly record struct StateKey(
    Stage Stage,
    Stage? FrozenStage,
    Party WaitingOn,
    int RequestRejections,
    int DeliveryRejections,
    long? StallIn,
    long? IdleFor,
    bool StallRaised,
    long? CompletionIn,
    long? CompletionPaused,
    long? AcceptanceFloorIn,
    long ReminderIn,
    long? AppealDueIn,
    bool OverdueRaised,
    long? LongOpenIn,
    bool LongOpenRaised)
{
    private const long Passed = -1;
    private const long Far = long.MaxValue;

    public static StateKey Of(FlowView view, Settings settings)
    {
        var flow = view.Stored;
        var now = view.AsOf;
        var policy = settings.Policy;
        long? stallIn = flow.StallDueAt is { } stall ? NotBelowZero(stall - now) : null;
        long? idleFor = flow.IdleSince is null ? null : stallIn > 0 ? view.IdleFor.ToInt64Nanoseconds() : Passed;
        long? floorIn = flow.AcceptedAt is { } accepted ? NotBelowZero(accepted + policy.CompletionDelay - now) : null;
        var reminderIn = flow.LastReminderAt is { } last ? NotBelowZero(last + policy.ReminderInterval - now) : 0;
        long? appealDueIn = flow.Appeal is { } appeal ? (appeal.DecisionDueAt >= now ? (appeal.DecisionDueAt - now).ToInt64Nanoseconds() : Passed) : null;
        long? longOpenIn = null;
        if (!flow.LongOpenRaised && flow.AcceptedAt is null && !flow.IsFinal)
        {
            var left = flow.LongOpenDueAt - now;
            longOpenIn = left > settings.LongOpenHorizon ? Far : NotBelowZero(left);
        }

        return new StateKey(
            flow.Stage,
            flow.Appeal?.FrozenStage,
            flow.WaitingOn,
            System.Math.Min(flow.RequestRejections, policy.RequestRejectionsForAppeal),
            System.Math.Min(flow.DeliveryRejections, policy.DeliveryRejectionsForAppeal),
            stallIn,
            idleFor,
            flow.StallRaised,
            flow.CompletionDueAt is { } due ? (due - now).ToInt64Nanoseconds() : null,
            flow.CompletionRemaining?.ToInt64Nanoseconds(),
            floorIn,
            reminderIn,
            appealDueIn,
            flow.Appeal?.OverdueRaised ?? false,
            longOpenIn,
            flow.LongOpenRaised);
    }

    private static long NotBelowZero(Duration duration) => duration > Duration.Zero ? duration.ToInt64Nanoseconds() : 0;
}
