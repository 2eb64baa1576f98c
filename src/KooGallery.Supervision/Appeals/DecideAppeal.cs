using System.Globalization;
using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// An operations manager decides the open appeal with a written decision and exactly one outcome
/// (appeal decisions, R24).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">An operations manager.</param>
/// <param name="Decision">The written decision; required.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="ReturnTo">With <see cref="AppealOutcome.ReturnTo"/>: the stage to return to, earlier than the frozen stage. Otherwise null.</param>
/// <param name="ResetRejectionCounts">
/// With <see cref="AppealOutcome.Resume"/> or <see cref="AppealOutcome.ReturnTo"/>: set both rejection counts back to zero.
/// </param>
public sealed record DecideAppeal(
    string CommandId,
    string OrderNumber,
    Actor Actor,
    string Decision,
    AppealOutcome Outcome,
    Stage? ReturnTo = null,
    bool ResetRejectionCounts = false)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <summary>The record field that holds the outcome.</summary>
    public const string OutcomeField = "$outcome";

    /// <summary>The record field that holds the stage returned to.</summary>
    public const string ReturnToField = "$returnTo";

    /// <summary>The record field that says the rejection counts were reset.</summary>
    public const string ResetRejectionCountsField = "$resetRejectionCounts";

    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.DecideAppeal;

    internal override Trigger Trigger => Outcome switch
    {
        AppealOutcome.Resume => Trigger.ResumeAfterAppeal,
        AppealOutcome.ReturnTo => Trigger.ReturnAfterAppeal,
        AppealOutcome.Complete => Trigger.CompleteOnAppeal,
        _ => Trigger.CloseOnAppeal,
    };

    internal override CommandText? OnlyText => null;

    internal override void Validate(CommandValidation validation)
    {
        validation.RequireText(nameof(Decision), Decision, "The decision");
        if (!System.Enum.IsDefined(Outcome))
        {
            validation.Add(nameof(Outcome), "The outcome must be Resume, ReturnTo, Complete or Close.");
            return;
        }

        if (Outcome == AppealOutcome.ReturnTo)
        {
            var frozen = validation.Flow.Appeal?.FrozenStage ?? validation.Flow.Stage;
            if (ReturnTo is not { } target)
            {
                validation.Add(nameof(ReturnTo), "ReturnTo needs the stage to return to.");
            }
            else if (!SupervisionMachine.IsEarlier(target, frozen, validation.Flow, validation.Policy))
            {
                validation.Add(nameof(ReturnTo), string.Create(CultureInfo.InvariantCulture,
                    $"{target} is not a stage earlier than the frozen stage {frozen} of this flow; choose one of: {string.Join(", ", SupervisionMachine.EarlierStages(frozen, validation.Flow, validation.Policy))}."));
            }
        }
        else if (ReturnTo is not null)
        {
            validation.Add(nameof(ReturnTo), $"ReturnTo names a stage only with the ReturnTo outcome, not with {Outcome}.");
        }

        if (ResetRejectionCounts && Outcome is AppealOutcome.Complete or AppealOutcome.Close)
        {
            validation.Add(nameof(ResetRejectionCounts), $"Resetting the rejection counts applies to Resume and ReturnTo, not to {Outcome}.");
        }
    }

    internal override SupervisionCommand TakeInput(CommandInput input)
    {
        input.Text(nameof(Decision), Decision);
        return this;
    }

    internal override void Describe(CommandContent content)
    {
        content.Text = Decision;
        content.AddField(OutcomeField, Outcome.ToString());
        if (ReturnTo is { } target)
        {
            content.AddField(ReturnToField, target.ToString());
        }

        if (ResetRejectionCounts)
        {
            content.AddField(ResetRejectionCountsField, "true");
        }
    }
}
