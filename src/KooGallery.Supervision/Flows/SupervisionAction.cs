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
}
