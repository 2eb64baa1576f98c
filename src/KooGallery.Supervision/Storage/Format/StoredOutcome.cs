using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="CommandOutcome"/> as stored: everything but <see cref="CommandOutcome.IsReplay"/>, which only a replay sets.</summary>
/// <remarks>Settable members with <see cref="JsonRequiredAttribute"/>, for the reasons <see cref="StoredFlow"/> gives.</remarks>
internal sealed class StoredOutcome
{
    [JsonPropertyName("commandId"), JsonRequired] public string CommandId { get; set; } = null!;
    [JsonPropertyName("orderNumber"), JsonRequired] public string OrderNumber { get; set; } = null!;
    [JsonPropertyName("action"), JsonRequired] public SupervisionAction Action { get; set; }
    [JsonPropertyName("stageBefore"), JsonRequired] public Stage StageBefore { get; set; }
    [JsonPropertyName("stageAfter"), JsonRequired] public Stage StageAfter { get; set; }
    [JsonPropertyName("flowVersion"), JsonRequired] public long FlowVersion { get; set; }
    [JsonPropertyName("recordSequence"), JsonRequired] public long RecordSequence { get; set; }
    [JsonPropertyName("at"), JsonRequired] public Instant At { get; set; }
    [JsonPropertyName("fingerprint"), JsonRequired] public string Fingerprint { get; set; } = null!;

    /// <summary>Sets every member of <paramref name="stored"/> from <paramref name="outcome"/>; returns <paramref name="stored"/>.</summary>
    public static StoredOutcome Fill(StoredOutcome stored, CommandOutcome outcome)
    {
        stored.CommandId = outcome.CommandId;
        stored.OrderNumber = outcome.OrderNumber;
        stored.Action = outcome.Action;
        stored.StageBefore = outcome.StageBefore;
        stored.StageAfter = outcome.StageAfter;
        stored.FlowVersion = outcome.FlowVersion;
        stored.RecordSequence = outcome.RecordSequence;
        stored.At = outcome.At;
        stored.Fingerprint = outcome.Fingerprint;
        return stored;
    }

    public CommandOutcome ToOutcome() => new()
    {
        CommandId = CommandId,
        OrderNumber = OrderNumber,
        Action = Action,
        StageBefore = StageBefore,
        StageAfter = StageAfter,
        FlowVersion = FlowVersion,
        RecordSequence = RecordSequence,
        At = At,
        Fingerprint = Fingerprint,
    };
}
