using KooGallery.Supervision.Machine;

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
            Viewer = viewer,
            AsOf = now,
            OrderNumber = flow.OrderNumber,
            BuyerId = flow.BuyerId,
            SellerId = flow.SellerId,
            ProductId = flow.ProductId,
            ProductKind = flow.ProductKind,
            PolicyVersion = flow.PolicyVersion,
            Version = flow.Version,
            Stage = flow.Stage,
            Status = flow.Status,
            RequestRejections = flow.RequestRejections,
            DeliveryRejections = flow.DeliveryRejections,
            WaitingOn = flow.WaitingOn,
            WaitingSince = flow.Appeal?.OpenedAt ?? (flow.WaitingOn == Party.Nobody ? null : flow.IdleSince),
            IdleFor = flow.IdleFor(now),
            IsStalled = flow.IsStalledAt(now),
            PlacedAt = flow.PlacedAt,
            RequestSubmittedAt = LastAt(records, SupervisionAction.SubmitRequest),
            DeliveredAt = flow.DeliveredAt,
            AcceptedAt = flow.AcceptedAt,
            ServiceStart = flow.ServiceStart,
            CompletionDueAt = flow.CompletionDueAt,
            CompletedAt = flow.CompletedAt,
            ClosedAt = flow.ClosedAt,
            IsBillable = flow.Stage == Stage.Completed,
            Appeal = flow.Appeal,
            IsFrozen = flow.IsFrozen,
            Records = records,
            PermittedActions = permitted,
            AppealConditions = conditions,
            NextReminderAllowedAt = nextReminder,
        };
    }

    private static Instant? LastAt(IReadOnlyList<OperationRecord> records, SupervisionAction action)
    {
        for (var i = records.Count - 1; i >= 0; i--)
        {
            if (records[i].Action == action)
            {
                return records[i].At;
            }
        }

        return null;
    }
}
