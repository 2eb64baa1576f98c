namespace KooGallery.Supervision;

/// <summary>
/// How far along the ordinary path a stage lies: the order in which an appeal decision's ReturnTo (appeal
/// decisions, R24) may only name an earlier stage. A stage and the stage its loop goes back to share a place
/// (a submitted and a returned request; a delivery and a rejected one); the final stages come last.
/// </summary>
/// <remarks>
/// Pages use it to offer the stages a decision may return a frozen flow to, tests to tell whether one stage comes
/// before another. The library itself checks ReturnTo with the same order, so the two cannot disagree.
/// </remarks>
public static class StageProgress
{
    /// <summary>Gets the place of <paramref name="stage"/> along the ordinary path: 0 for the first stage, 5 for the final ones.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The place; a lower place is an earlier stage.</returns>
    public static int Of(Stage stage) => stage switch
    {
        Stage.AwaitingRequest => 0,
        Stage.RequestSubmitted or Stage.RequestReturned => 1,
        Stage.InService => 2,
        Stage.Delivered or Stage.DeliveryRejected => 3,
        Stage.Accepted => 4,
        _ => 5,
    };

    /// <summary>Gets whether <paramref name="stage"/> lies strictly before <paramref name="other"/> along the ordinary path.</summary>
    /// <param name="stage">The stage to place.</param>
    /// <param name="other">The stage to compare with.</param>
    /// <returns><see langword="true"/> when <paramref name="stage"/> has the lower place.</returns>
    public static bool IsBefore(this Stage stage, Stage other) => Of(stage) < Of(other);
}
