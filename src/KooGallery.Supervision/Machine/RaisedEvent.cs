namespace KooGallery.Supervision.Machine;

/// <summary>An event raised by the machine's actions, before it gets its id and flow version.</summary>
internal readonly record struct RaisedEvent(SupervisionEventKind Kind, Party Concerns, string? Text, Instant At);
