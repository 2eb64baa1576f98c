namespace KooGallery.Supervision;

/// <summary>What a store did with a <see cref="FlowChange"/>.</summary>
public enum FlowSaveResult
{
    /// <summary>Everything was saved in one step.</summary>
    Saved = 0,

    /// <summary>Nothing was saved: the stored version differs from the expected one (or the flow exists when creating).</summary>
    VersionConflict = 1,

    /// <summary>Nothing was saved: an outcome is already stored under the command id.</summary>
    CommandIdTaken = 2,
}
