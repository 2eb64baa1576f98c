namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>What a step does (<c>action:</c>): one of the library's commands, or creating, viewing or searching.</summary>
internal enum StepAction
{
    /// <summary><c>create</c>: the marketplace creates the flow of a paid order.</summary>
    Create = 0,

    /// <summary><c>view</c>: the actor reads the flow.</summary>
    View = 1,

    /// <summary><c>search</c>: the actor searches flows.</summary>
    Search = 2,

    /// <summary><c>submit-request</c>.</summary>
    SubmitRequest = 3,

    /// <summary><c>accept-request</c>.</summary>
    AcceptRequest = 4,

    /// <summary><c>return-request</c>.</summary>
    ReturnRequest = 5,

    /// <summary><c>post-progress-update</c>.</summary>
    PostProgressUpdate = 6,

    /// <summary><c>deliver</c>.</summary>
    Deliver = 7,

    /// <summary><c>accept-delivery</c>.</summary>
    AcceptDelivery = 8,

    /// <summary><c>reject-delivery</c>.</summary>
    RejectDelivery = 9,

    /// <summary><c>send-reminder</c>.</summary>
    SendReminder = 10,

    /// <summary><c>open-appeal</c>.</summary>
    OpenAppeal = 11,

    /// <summary><c>decide-appeal</c>.</summary>
    DecideAppeal = 12,
}
