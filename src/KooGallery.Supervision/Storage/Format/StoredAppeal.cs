using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>
/// An open <see cref="Supervision.Appeal"/> as stored inside its flow; the proofs are left out when there are none.
/// Settable members with <see cref="JsonRequiredAttribute"/>, for the reason <see cref="StoredFlow"/> gives.
/// </summary>
internal sealed record StoredAppeal
{
    [JsonPropertyName("openedById"), JsonRequired] public string OpenedById { get; set; } = null!;
    [JsonPropertyName("openedByRole"), JsonRequired] public ActorRole OpenedByRole { get; set; }
    [JsonPropertyName("openedAt"), JsonRequired] public Instant OpenedAt { get; set; }
    [JsonPropertyName("reason"), JsonRequired] public string Reason { get; set; } = null!;
    [JsonPropertyName("proofs")] public IReadOnlyList<StoredReference>? Proofs { get; set; }
    [JsonPropertyName("frozenStage"), JsonRequired] public Stage FrozenStage { get; set; }
    [JsonPropertyName("decisionDueAt"), JsonRequired] public Instant DecisionDueAt { get; set; }
    [JsonPropertyName("overdueRaised"), JsonRequired] public bool OverdueRaised { get; set; }

    public static StoredAppeal From(Appeal appeal) => Fill(new StoredAppeal(), appeal);

    /// <summary>Sets every member of <paramref name="stored"/> from <paramref name="appeal"/>; returns <paramref name="stored"/>.</summary>
    public static StoredAppeal Fill(StoredAppeal stored, Appeal appeal)
    {
        stored.OpenedById = appeal.OpenedBy.Id;
        stored.OpenedByRole = appeal.OpenedBy.Role;
        stored.OpenedAt = appeal.OpenedAt;
        stored.Reason = appeal.Reason;
        stored.Proofs = StoredValues.References(appeal.Proofs);
        stored.FrozenStage = appeal.FrozenStage;
        stored.DecisionDueAt = appeal.DecisionDueAt;
        stored.OverdueRaised = appeal.OverdueRaised;
        return stored;
    }

    public Appeal ToAppeal() => new()
    {
        OpenedBy = new Actor(OpenedById, StoredValues.Defined(OpenedByRole)),
        OpenedAt = OpenedAt,
        Reason = Reason,
        Proofs = StoredValues.References(Proofs),
        FrozenStage = StoredValues.Defined(FrozenStage),
        DecisionDueAt = DecisionDueAt,
        OverdueRaised = OverdueRaised,
    };
}
