using System.Collections.Generic;
using System.Linq;
using KooGallery.Supervision.Machine;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>Builds what a viewer sees of a flow (the view, R28) from one evaluation of the machine.</summary>
internal static class FlowViews
{
    public static FlowView Build(SupervisionMachine machine, ServiceFlow flow, SupervisionPolicy policy, Actor viewer, Instant now, IReadOnlyList<OperationRecord> records)
    {
        if (records.Count > flow.LastSequence)
        {
            // Records are read after the flow: a command saved in between appended records the flow read
            // does not know yet. Show the records of the state shown, so the view never disagrees with itself.
            records = [.. records.Take((int)flow.LastSequence)];
        }

        machine.Bind(flow, policy, viewer, now); // a read: nothing is fired
        var permitted = machine.PermittedActions();
        var conditions = viewer.Role is ActorRole.Buyer or ActorRole.Seller && !flow.IsFinal
            ? AppealConditions.Describe(flow, policy, now, viewer.Role)
            : [];
        Instant? nextReminder = null;
        if (flow.WaitingOn == Party.Seller && !flow.IsFinal)
        {
            nextReminder = ReminderRule.NextAllowedAt(flow, policy) is { } next && next > now ? next : now;
        }

        return new FlowView
        {
            Flow = flow,
            Viewer = viewer,
            AsOf = now,
            Records = records,
            PermittedActions = permitted,
            AppealConditions = conditions,
            NextReminderAllowedAt = nextReminder,
        };
    }
}
