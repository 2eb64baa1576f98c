namespace KooGallery.Supervision;

/// <summary>
/// The actions of the service flow, as they appear in operation records (R26) and in the
/// permitted actions of a view (R28).
/// </summary>
public enum SupervisionAction
{
    /// <summary>The flow was created for a paid order (R2); recorded as the first record.</summary>
    CreateFlow = 0,

    /// <summary>The buyer submits (or, after a return, resubmits) a request (R8, R10).</summary>
    SubmitRequest = 1,

    /// <summary>The seller accepts the request (R9).</summary>
    AcceptRequest = 2,

    /// <summary>The seller returns (rejects) the request with a reason (R9).</summary>
    ReturnRequest = 3,

    /// <summary>The seller posts a progress update (R11).</summary>
    PostProgressUpdate = 4,

    /// <summary>The seller delivers with proof (R12).</summary>
    Deliver = 5,

    /// <summary>The buyer accepts the delivery (R13).</summary>
    AcceptDelivery = 6,

    /// <summary>The buyer rejects the delivery with a reason (R13).</summary>
    RejectDelivery = 7,

    /// <summary>The buyer reminds a silent seller (R17).</summary>
    SendReminder = 8,

    /// <summary>The buyer or the seller opens an appeal (R21, R22).</summary>
    OpenAppeal = 9,

    /// <summary>An operations manager decides the open appeal (R24).</summary>
    DecideAppeal = 10,

    /// <summary>The system completes an accepted flow when its completion is due (R15).</summary>
    CompleteOnSchedule = 11,

    /// <summary>The system records that the party the flow waits on has stalled (R18); the stage does not change.</summary>
    FlagStall = 12,

    /// <summary>The system records that the flow is still not accepted long after placement (R19); the stage does not change.</summary>
    FlagLongOpen = 13,

    /// <summary>The system records that the open appeal's decision is overdue (R25); the appeal stays open.</summary>
    FlagAppealOverdue = 14,
}
