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
}
