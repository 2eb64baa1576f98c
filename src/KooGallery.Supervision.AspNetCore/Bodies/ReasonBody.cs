namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// The body of POST <c>flows/{orderNumber}/request/return</c> (<see cref="ReturnRequest"/>) and
/// <c>flows/{orderNumber}/delivery/reject</c> (<see cref="RejectDelivery"/>).
/// </summary>
/// <param name="Reason">Why; required.</param>
public sealed record ReasonBody(string Reason);
