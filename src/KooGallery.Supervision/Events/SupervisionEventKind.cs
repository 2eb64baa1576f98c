namespace KooGallery.Supervision;

/// <summary>What a <see cref="SupervisionEvent"/> tells the host.</summary>
public enum SupervisionEventKind
{
    /// <summary>The buyer submitted or resubmitted a request: notify the seller.</summary>
    RequestSubmitted = 0,

    /// <summary>The seller returned the request: notify the buyer.</summary>
    RequestReturned = 1,

    /// <summary>The seller delivered: notify the buyer.</summary>
    Delivered = 2,

    /// <summary>The buyer sent a reminder: notify the seller (reminders, R17).</summary>
    ReminderSent = 3,

    /// <summary>The waited-on party has stalled; raised once per stall episode (stalls, R18).</summary>
    Stalled = 4,

    /// <summary>An appeal was opened and the flow is frozen (the appeal freeze, R20).</summary>
    AppealOpened = 5,

    /// <summary>An operations manager decided the appeal (appeal decisions, R24).</summary>
    AppealDecided = 6,

    /// <summary>An appeal was not decided within its working days; raised once (the decision deadline, R25).</summary>
    AppealOverdue = 7,

    /// <summary>The flow is still not accepted long after placement; raised once, for the host to notify both parties (long-open flows, R19).</summary>
    LongOpen = 8,

    /// <summary>The flow completed and the order is billable (completion, R15; appeal decisions, R24).</summary>
    Completed = 9,

    /// <summary>The flow was closed without completion (appeal decisions, R24).</summary>
    Closed = 10,

    /// <summary>The seller accepted the request: notify the buyer.</summary>
    RequestAccepted = 11,

    /// <summary>The buyer rejected the delivery: notify the seller.</summary>
    DeliveryRejected = 12,

    /// <summary>The buyer accepted the delivery; completion is pending: notify the seller.</summary>
    DeliveryAccepted = 13,
}
