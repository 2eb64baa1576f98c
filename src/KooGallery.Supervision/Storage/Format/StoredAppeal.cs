using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>An open <see cref="Supervision.Appeal"/> as stored inside its flow; the proofs are left out when there are none.</summary>
internal sealed record StoredAppeal
{
    [JsonPropertyName("openedById")] public required string OpenedById { get; init; }
    [JsonPropertyName("openedByRole")] public required ActorRole OpenedByRole { get; init; }
    [JsonPropertyName("openedAt")] public required Instant OpenedAt { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("proofs")] public IReadOnlyList<StoredReference>? Proofs { get; init; }
    [JsonPropertyName("frozenStage")] public required Stage FrozenStage { get; init; }
    [JsonPropertyName("decisionDueAt")] public required Instant DecisionDueAt { get; init; }
    [JsonPropertyName("overdueRaised")] public required bool OverdueRaised { get; init; }

    public static StoredAppeal From(Appeal appeal) => new()
    {
        OpenedById = appeal.OpenedBy.Id,
        OpenedByRole = appeal.OpenedBy.Role,
        OpenedAt = appeal.OpenedAt,
        Reason = appeal.Reason,
        Proofs = StoredValues.References(appeal.Proofs),
        FrozenStage = appeal.FrozenStage,
        DecisionDueAt = appeal.DecisionDueAt,
        OverdueRaised = appeal.OverdueRaised,
    };

    public Appeal ToAppeal() => new()
    {
        OpenedBy = new Actor(OpenedById, OpenedByRole),
        OpenedAt = OpenedAt,
        Reason = Reason,
        Proofs = StoredValues.References(Proofs),
        FrozenStage = FrozenStage,
        DecisionDueAt = DecisionDueAt,
        OverdueRaised = OverdueRaised,
    };
}
