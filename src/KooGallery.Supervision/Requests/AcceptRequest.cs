using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>The seller accepts the buyer's request; the flow goes to InService (reviewing a request, R9).</summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The seller.</param>
/// <param name="Note">An optional note to the buyer.</param>
public sealed record AcceptRequest(string CommandId, string OrderNumber, Actor Actor, string? Note = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.AcceptRequest;

    internal override Trigger Trigger => Trigger.AcceptRequest;

    internal override void Validate(CommandValidation validation) => validation.LimitText(nameof(Note), Note, "The note");

    internal override SupervisionCommand TakeInput(CommandInput input)
    {
        input.Text(nameof(Note), Note);
        return this;
    }

    internal override void Describe(CommandContent content) => content.Text = Note;
}
