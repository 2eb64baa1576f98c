using KooGallery.Supervision.Machine;

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

    internal override Trigger Trigger => Trigger.SendReminder;

    internal override void Validate(CommandValidation validation) => validation.LimitText(nameof(Message), Message, "The message");

    internal override SupervisionCommand TakeInput(CommandInput input)
    {
        // Stryker disable once Statement : it only marks an oversized message so a retry is not hashed; validation refuses the text either way
        input.Text(nameof(Message), Message);
        return this;
    }

    internal override void Describe(CommandContent content) => content.Text = Message;
}
