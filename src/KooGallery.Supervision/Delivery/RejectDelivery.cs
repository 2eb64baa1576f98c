namespace KooGallery.Supervision;

/// <summary>
/// The buyer rejects the delivery with a reason; the flow goes to DeliveryRejected and the
/// delivery-rejection count grows by one (the verdict on a delivery, R13).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The buyer.</param>
/// <param name="Reason">Why the delivery is rejected; required.</param>
public sealed record RejectDelivery(string CommandId, string OrderNumber, Actor Actor, string Reason)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.RejectDelivery;

    internal override CommandText? OnlyText => CommandText.Required(nameof(Reason), Reason, "The reason");
}
