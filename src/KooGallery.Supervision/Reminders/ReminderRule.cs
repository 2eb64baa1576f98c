namespace KooGallery.Supervision.Machine;

/// <summary>
/// The reminder rule (reminders, R17) in one place: at most one reminder per flow in any <see
/// cref="SupervisionPolicy.ReminderInterval"/>. The machine's guard, the refusal that says when the next is allowed,
/// and the view's <see cref="FlowView.NextReminderAllowedAt"/> all read it.
/// </summary>
internal static class ReminderRule
{
    /// <summary>The first instant the next reminder is allowed, or null when none was sent yet.</summary>
    public static Instant? NextAllowedAt(ServiceFlow flow, SupervisionPolicy policy) =>
        flow.LastReminderAt is { } last ? Internal.InstantMath.PlusSaturating(last, policy.ReminderInterval) : null;

    /// <summary>Whether a reminder is allowed at <paramref name="now"/>.</summary>
    public static bool Allows(ServiceFlow flow, SupervisionPolicy policy, Instant now) =>
        NextAllowedAt(flow, policy) is not { } next || now >= next;
}
