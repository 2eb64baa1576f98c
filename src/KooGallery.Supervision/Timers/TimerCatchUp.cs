using KooGallery.Supervision.Machine;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>
/// Applies every timer of one flow that is due at or before now, in the order they fell due, each
/// at its own due instant: completion (R15), stall (R18), long-open (R19), appeal overdue (R25). Each
/// leaves an operation record by the system (R26).
/// </summary>
internal static class TimerCatchUp
{
    public static void Apply(SupervisionMachine machine, ServiceFlow draft, SupervisionPolicy policy, Instant now, PendingChanges changes)
    {
        // Each pass settles one timer for good, so a flow has at most four to apply.
        for (var pass = 0; pass < 8; pass++)
        {
            if (draft.NextTimerDueAt is not { } due || due > now)
            {
                return;
            }

            if (draft.CompletionDueAt == due)
            {
                machine.Bind(draft, policy, Actor.System, due);
                var before = draft.Stage;
                machine.Fire(Trigger.CompleteOnSchedule);
                changes.AddSystemRecord(draft, SupervisionAction.CompleteOnSchedule, before, due);
                changes.AddEvents(machine.Raised);
            }
            else if (!draft.StallRaised && draft.StallDueAt == due)
            {
                draft.StallRaised = true;
                changes.AddSystemRecord(draft, SupervisionAction.FlagStall, draft.Stage, due);
                changes.AddEvent(new RaisedEvent(SupervisionEventKind.Stalled, draft.WaitingOn, null, due));
            }
            else if (draft.Appeal is { OverdueRaised: false } appeal && appeal.OverdueAt == due)
            {
                draft.Appeal = appeal with { OverdueRaised = true };
                changes.AddSystemRecord(draft, SupervisionAction.FlagAppealOverdue, draft.Stage, due);
                changes.AddEvent(new RaisedEvent(SupervisionEventKind.AppealOverdue, Party.Nobody, null, due));
            }
            else
            {
                draft.LongOpenRaised = true;
                changes.AddSystemRecord(draft, SupervisionAction.FlagLongOpen, draft.Stage, due);
                changes.AddEvent(new RaisedEvent(SupervisionEventKind.LongOpen, Party.Nobody, null, due));
            }
        }
    }
}
