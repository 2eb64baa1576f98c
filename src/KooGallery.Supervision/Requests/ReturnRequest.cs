using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision;

/// <summary>
/// The seller returns (rejects) the buyer's request with a reason; the flow goes to
/// RequestReturned and the request-rejection count grows by one (reviewing a request, R9).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The seller.</param>
/// <param name="Reason">Why the request is returned; required.</param>
public sealed record ReturnRequest(string CommandId, string OrderNumber, Actor Actor, string Reason)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.ReturnRequest;

    internal override Trigger Trigger => Trigger.ReturnRequest;

    internal override void Validate(CommandValidation validation) => validation.RequireText(nameof(Reason), Reason, "The reason");

    internal override SupervisionCommand TakeInput(CommandInput input)
    {
        input.Text(nameof(Reason), Reason);
        return this;
    }

    internal override void Describe(CommandContent content) => content.Text = Reason;
}
