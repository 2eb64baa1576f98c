namespace KooGallery.Supervision;

/// <summary>
/// The buyer reminds the seller while the flow waits on the seller (reminders, R17). At most one reminder per
/// <see cref="SupervisionPolicy.ReminderInterval"/>; it changes no stage and does not restart the
/// idle clock.
/// </summary>
/// <param name="CommandId">The caller's command id.</param>
/// <param name="OrderNumber">The order number.</param>
/// <param name="Actor">The buyer.</param>
/// <param name="Message">An optional message for the seller.</param>
public sealed record SendReminder(string CommandId, string OrderNumber, Actor Actor, string? Message = null)
    : SupervisionCommand(CommandId, OrderNumber, Actor)
{
    /// <inheritdoc />
    public override SupervisionAction Action => SupervisionAction.SendReminder;

    internal override CommandText? OnlyText => CommandText.Optional(nameof(Message), Message, "The message");
}
