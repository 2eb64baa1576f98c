namespace KooGallery.Supervision.AspNetCore;

/// <summary>The optional body of POST <c>flows/{orderNumber}/reminders</c>: the buyer reminds the seller (<see cref="SendReminder"/>).</summary>
/// <param name="Message">An optional message for the seller.</param>
public sealed record ReminderBody(string? Message = null);
