using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// Fires every timer of one flow that is due at or before now, in the order they fell due, each at its own due
/// instant, as triggers of the machine by the system: completion (completion, R15), stall (stalls, R18), long-open
/// (long-open flows, R19), appeal overdue (the decision deadline, R25). Each leaves an operation record by the system
/// (operation records, R26).
/// </summary>
internal static class TimerCatchUp
{
    public static void Apply(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, PendingChanges changes)
    {
        // Each fire settles one timer for good, so a flow has at most four to apply.
        // Stryker disable once Equality,Update : a safety bound; each fire settles one timer for good, so the loop returns after at most four
        for (var pass = 0; pass < 8; pass++)
        {
            if (draft.NextTimerDueAt is not { } due || due > now)
            {
                return;
            }

            var trigger = draft.CompletionDueAt == due ? Trigger.CompleteOnSchedule
                : !draft.StallRaised && draft.StallDueAt == due ? Trigger.FlagStall
                : draft.Appeal is { OverdueRaised: false } appeal && appeal.OverdueAt == due ? Trigger.FlagAppealOverdue
                : Trigger.FlagLongOpen;
            machine.Bind(draft, policy, Actor.System, due);
            var before = draft.Stage;
            machine.Fire(trigger);
            changes.AddSystemRecord(draft, SupervisionMachine.ActionOf(trigger), before, due);
            changes.AddEvents(machine.Raised);
        }
    }
}
