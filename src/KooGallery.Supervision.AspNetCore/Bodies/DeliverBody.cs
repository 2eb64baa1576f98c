namespace KooGallery.Supervision.AspNetCore;

/// <summary>The body of POST <c>flows/{orderNumber}/delivery</c>: the seller delivers with proof (<see cref="Deliver"/>).</summary>
/// <param name="StatementOfWork">The requirements document (statement of work); required.</param>
/// <param name="AcceptanceDocument">The acceptance document; required.</param>
/// <param name="FurtherProofs">Further optional proofs.</param>
/// <param name="Criteria">Values for the delivery template's acceptance criteria, by criterion name.</param>
/// <param name="EnablingInstant">The actual service enabling instant, if it differs from the acceptance.</param>
/// <param name="Note">An optional note to the buyer.</param>
public sealed record DeliverBody(
    ProofReference StatementOfWork,
    ProofReference AcceptanceDocument,
    IReadOnlyList<ProofReference>? FurtherProofs = null,
    IReadOnlyDictionary<string, string>? Criteria = null,
    Instant? EnablingInstant = null,
    string? Note = null);
