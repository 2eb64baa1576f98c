namespace KooGallery.Supervision;

/// <summary>
/// The seller posts a progress update in InService or DeliveryRejected (progress updates, R11). It changes no stage
/// and restarts the seller's idle clock (waiting and the idle clock, R16).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The seller.</param>
/// <param name="Text">The update; required.</param>
public sealed record PostProgressUpdate(string CommandId, string OrderNumber, Actor Actor, string Text)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.PostProgressUpdate;

    internal override CommandText? OnlyText => CommandText.Required(nameof(Text), Text, "The update text");
}
