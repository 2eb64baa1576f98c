namespace KooGallery.Supervision.Machine;

/// <summary>The triggers of the supervision machine: one per action, the appeal decision split by outcome.</summary>
internal enum Trigger
{
    SubmitRequest,
    AcceptRequest,
    ReturnRequest,
    PostProgressUpdate,
    Deliver,
    AcceptDelivery,
    RejectDelivery,
    SendReminder,
    OpenAppeal,
    ResumeAfterAppeal,
    ReturnAfterAppeal,
    CompleteOnAppeal,
    CloseOnAppeal,
    CompleteOnSchedule,

    /// <summary>The system records that the waited-on party has stalled (stalls, R18).</summary>
    FlagStall,

    /// <summary>The system records that the flow is long open (long-open flows, R19).</summary>
    FlagLongOpen,

    /// <summary>The system records that the open appeal's decision is overdue (the decision deadline, R25).</summary>
    FlagAppealOverdue,
}
