namespace KooGallery.Supervision.AspNetCore;

/// <summary>The body of POST <c>flows/{orderNumber}/appeal</c>: the buyer or the seller appeals (<see cref="OpenAppeal"/>).</summary>
/// <param name="Reason">Why the party appeals; required.</param>
/// <param name="Proofs">Optional proof references.</param>
public sealed record OpenAppealBody(string Reason, IReadOnlyList<ProofReference>? Proofs = null);
