using System.Globalization;

namespace KooGallery.Supervision.Exploration;

/// <summary>
/// A command sent by one kind of actor with a valid input: fixed texts and reasons, both delivery proofs,
/// and for <see cref="SupervisionAction.DecideAppeal"/> the outcome, the stage to return to and whether the
/// rejection counts are reset.
/// </summary>
/// <param name="Actor">Who sends the command.</param>
/// <param name="Action">
/// The command: one of <see cref="SupervisionAction.SubmitRequest"/>, <see cref="SupervisionAction.AcceptRequest"/>,
/// <see cref="SupervisionAction.ReturnRequest"/>, <see cref="SupervisionAction.PostProgressUpdate"/>,
/// <see cref="SupervisionAction.Deliver"/>, <see cref="SupervisionAction.AcceptDelivery"/>,
/// <see cref="SupervisionAction.RejectDelivery"/>, <see cref="SupervisionAction.SendReminder"/>,
/// <see cref="SupervisionAction.OpenAppeal"/> or <see cref="SupervisionAction.DecideAppeal"/>. The others are the
/// system's and no caller sends them.
/// </param>
public sealed record ActionStep(ExplorerActor Actor, SupervisionAction Action) : ExplorationStep
{
    /// <summary>Gets the outcome of a <see cref="SupervisionAction.DecideAppeal"/>; ignored for other actions.</summary>
    /// <value>The default value is <see cref="AppealOutcome.Resume"/>.</value>
    public AppealOutcome Outcome { get; init; } = AppealOutcome.Resume;

    /// <summary>Gets the stage a <see cref="AppealOutcome.ReturnTo"/> decision names; ignored for other outcomes.</summary>
    /// <value>The default value is null; a ReturnTo decision without a stage is refused as invalid input.</value>
    public Stage? ReturnTo { get; init; }

    /// <summary>Gets whether a Resume or ReturnTo decision resets both rejection counts (appeal decisions, R24).</summary>
    /// <value>The default value is false.</value>
    public bool ResetRejectionCounts { get; init; }

    /// <summary>Describes the step in one line, for example "seller DecideAppeal ReturnTo InService".</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        if (Action != SupervisionAction.DecideAppeal)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Actor} {Action}");
        }

        var target = Outcome == AppealOutcome.ReturnTo ? " " + (ReturnTo?.ToString() ?? "(no stage)") : string.Empty;
        var reset = ResetRejectionCounts ? " resetting the rejection counts" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{Actor} {Action} {Outcome}{target}{reset}");
    }
}
