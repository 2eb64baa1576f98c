namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// The optional body of POST <c>flows/{orderNumber}/request/accept</c> (<see cref="AcceptRequest"/>) and
/// <c>flows/{orderNumber}/delivery/accept</c> (<see cref="AcceptDelivery"/>); the body may be left out.
/// </summary>
/// <param name="Note">An optional note.</param>
public sealed record NoteBody(string? Note = null);
