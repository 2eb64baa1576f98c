namespace KooGallery.Supervision;

/// <summary>The one outcome of an appeal decision (appeal decisions, R24).</summary>
public enum AppealOutcome
{
    /// <summary>Back to the frozen stage; optionally resetting both rejection counts.</summary>
    Resume = 0,

    /// <summary>Back to a named stage earlier than the frozen one, for example InService for rework.</summary>
    ReturnTo = 1,

    /// <summary>Complete and settle now; billable.</summary>
    Complete = 2,

    /// <summary>End without completion, for example refunded; not billable.</summary>
    Close = 3,
}
