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

    internal override CommandText? OnlyText => CommandText.Optional(nameof(Note), Note, "The note");
}
