namespace KooGallery.Supervision;

/// <summary>
/// An open appeal (appeal content, R23): who opened it, when, why, and the stage it froze. While a flow has one,
/// every buyer and seller action is refused (the appeal freeze, R20).
/// </summary>
/// <remarks>Instances are immutable.</remarks>
public sealed record Appeal
{
    /// <summary>Gets who opened the appeal (the buyer or the seller).</summary>
    public required Actor OpenedBy { get; init; }

    /// <summary>Gets when the appeal was opened.</summary>
    public required Instant OpenedAt { get; init; }

    /// <summary>Gets the reason given with the appeal.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the proof references given with the appeal.</summary>
    public IReadOnlyList<ProofReference> Proofs { get; init; } = [];

    /// <summary>Gets the stage the appeal froze.</summary>
    public required Stage FrozenStage { get; init; }

    /// <summary>Gets when an operations manager should have decided (the decision deadline, R25).</summary>
    public required Instant DecisionDueAt { get; init; }

    /// <summary>
    /// Gets the first instant the appeal counts as overdue: just after <see cref="DecisionDueAt"/> has passed (the
    /// decision deadline, R25), or <see cref="Instant.MaxValue"/> when the deadline is the end of time.
    /// </summary>
    public Instant OverdueAt => Internal.InstantMath.PlusSaturating(DecisionDueAt, Duration.Epsilon);

    /// <summary>Gets whether the overdue event (the decision deadline, R25) was raised for this appeal.</summary>
    public bool OverdueRaised { get; init; }

    /// <summary>Describes the appeal in one line.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Appeal by {OpenedBy} at {OpenedAt}, froze {FrozenStage}, decision due {DecisionDueAt} ({Proofs.Count} proofs)");
}
