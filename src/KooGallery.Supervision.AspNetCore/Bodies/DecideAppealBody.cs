namespace KooGallery.Supervision.AspNetCore;

/// <summary>The body of POST <c>flows/{orderNumber}/appeal/decision</c>: an operations manager decides the appeal (<see cref="DecideAppeal"/>).</summary>
/// <param name="Decision">The written decision; required.</param>
/// <param name="Outcome">The outcome: <c>Resume</c>, <c>ReturnTo</c>, <c>Complete</c> or <c>Close</c>; required: a decision without it is refused as invalid input, after the checks of the flow and its stage.</param>
/// <param name="ReturnTo">With <c>ReturnTo</c>: the stage to return to. Otherwise null.</param>
/// <param name="ResetRejectionCounts">With <c>Resume</c> or <c>ReturnTo</c>: set both rejection counts back to zero.</param>
public sealed record DecideAppealBody(string Decision, AppealOutcome? Outcome, Stage? ReturnTo = null, bool ResetRejectionCounts = false);
