namespace KooGallery.Supervision.Exploration;

/// <summary>
/// The policy thresholds a time step goes to. Between two thresholds nothing changes but the length of the
/// idle time, so stepping to each threshold (one nanosecond before, at, and one nanosecond after it) reaches every
/// behaviour that time can bring.
/// </summary>
public enum ExplorationThreshold
{
    /// <summary>The instant the waited-on party counts as stalled (stalls, R18): <see cref="ServiceFlow.StallDueAt"/>.</summary>
    Stall,

    /// <summary>The instant the pending completion is due (completion, R15): <see cref="ServiceFlow.CompletionDueAt"/>.</summary>
    Completion,

    /// <summary>The instant the buyer may send the next reminder (reminders, R17): the last reminder plus the reminder interval.</summary>
    Reminder,

    /// <summary>The decision deadline of the open appeal (the decision deadline, R25): <see cref="Appeal.DecisionDueAt"/>; it is overdue one nanosecond later.</summary>
    AppealDecision,

    /// <summary>The instant a flow not yet accepted counts as long open (long-open flows, R19): <see cref="ServiceFlow.LongOpenDueAt"/>.</summary>
    LongOpen,
}
