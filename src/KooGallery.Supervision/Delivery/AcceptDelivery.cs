namespace KooGallery.Supervision;

/// <summary>
/// The buyer accepts the delivery; the flow goes to Accepted and completes after the policy's completion delay (the
/// verdict on a delivery, R13; completion, R15). The service start is recorded (the service start, R14).
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The buyer.</param>
/// <param name="Note">An optional note.</param>
public sealed record AcceptDelivery(string CommandId, string OrderNumber, Actor Actor, string? Note = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.AcceptDelivery;

    internal override CommandText? OnlyText => CommandText.Optional(nameof(Note), Note, "The note");
}
