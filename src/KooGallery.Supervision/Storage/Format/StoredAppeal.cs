using System.Collections.Generic;
using NodaTime;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>An open <see cref="Supervision.Appeal"/> as stored inside its flow; the proofs are left out when there are none.</summary>
internal sealed record StoredAppeal
{
    public required string OpenedById { get; init; }

    public required ActorRole OpenedByRole { get; init; }

    public required Instant OpenedAt { get; init; }

    public required string Reason { get; init; }

    public IReadOnlyList<StoredReference>? Proofs { get; init; }

    public required Stage FrozenStage { get; init; }

    public required Instant DecisionDueAt { get; init; }

    public required bool OverdueRaised { get; init; }

    public static StoredAppeal From(Appeal appeal) => new()
    {
        OpenedById = appeal.OpenedBy.Id,
        OpenedByRole = appeal.OpenedBy.Role,
        OpenedAt = appeal.OpenedAt,
        Reason = appeal.Reason,
        Proofs = StoredReference.From(appeal.Proofs),
        FrozenStage = appeal.FrozenStage,
        DecisionDueAt = appeal.DecisionDueAt,
        OverdueRaised = appeal.OverdueRaised,
    };

    public Appeal ToAppeal() => new()
    {
        OpenedBy = new Actor(OpenedById, StoredValues.Defined(OpenedByRole)),
        OpenedAt = OpenedAt,
        Reason = Reason,
        Proofs = StoredReference.ToReferences(Proofs),
        FrozenStage = StoredValues.Defined(FrozenStage),
        DecisionDueAt = DecisionDueAt,
        OverdueRaised = OverdueRaised,
    };
}
