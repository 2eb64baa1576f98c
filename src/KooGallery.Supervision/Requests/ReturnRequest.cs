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

    internal override CommandText? OnlyText => CommandText.Required(nameof(Reason), Reason, "The reason");
}
