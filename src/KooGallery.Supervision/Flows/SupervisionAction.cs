namespace KooGallery.Supervision;

/// <summary>
/// The actions of the service flow, as they appear in operation records (operation records, R26) and in the
/// permitted actions of a view (the view, R28).
/// </summary>
public enum SupervisionAction
{
    /// <summary>The flow was created for a paid order (creation, R2); recorded as the first record.</summary>
    CreateFlow = 0,

    /// <summary>The buyer submits (or, after a return, resubmits) a request (submitting a request, R8; resubmitting, R10).</summary>
    SubmitRequest = 1,

    /// <summary>The seller accepts the request (reviewing a request, R9).</summary>
    AcceptRequest = 2,

    /// <summary>The seller returns (rejects) the request with a reason (reviewing a request, R9).</summary>
    ReturnRequest = 3,

    /// <summary>The seller posts a progress update (progress updates, R11).</summary>
    PostProgressUpdate = 4,

    /// <summary>The seller delivers with proof (delivery with proof, R12).</summary>
    Deliver = 5,

    /// <summary>The buyer accepts the delivery (the verdict on a delivery, R13).</summary>
    AcceptDelivery = 6,

    /// <summary>The buyer rejects the delivery with a reason (the verdict on a delivery, R13).</summary>
    RejectDelivery = 7,

    /// <summary>The buyer reminds a silent seller (reminders, R17).</summary>
    SendReminder = 8,

    /// <summary>The buyer or the seller opens an appeal (the buyer's appeal, R21; the seller's appeal, R22).</summary>
    OpenAppeal = 9,

    /// <summary>An operations manager decides the open appeal (appeal decisions, R24).</summary>
    DecideAppeal = 10,

    /// <summary>The system completes an accepted flow when its completion is due (completion, R15).</summary>
    CompleteOnSchedule = 11,

    /// <summary>The system records that the party the flow waits on has stalled (stalls, R18); the stage does not change.</summary>
    FlagStall = 12,

    /// <summary>The system records that the flow is still not accepted long after placement (long-open flows, R19); the stage does not change.</summary>
    FlagLongOpen = 13,

    /// <summary>The system records that the open appeal's decision is overdue (the decision deadline, R25); the appeal stays open.</summary>
    FlagAppealOverdue = 14,
}
