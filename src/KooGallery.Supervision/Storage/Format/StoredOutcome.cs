using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="CommandOutcome"/> as stored: everything but <see cref="CommandOutcome.IsReplay"/>, which only a replay sets.</summary>
internal sealed record StoredOutcome
{
    [JsonPropertyName("commandId")] public required string CommandId { get; init; }
    [JsonPropertyName("orderNumber")] public required string OrderNumber { get; init; }
    [JsonPropertyName("action")] public required SupervisionAction Action { get; init; }
    [JsonPropertyName("stageBefore")] public required Stage StageBefore { get; init; }
    [JsonPropertyName("stageAfter")] public required Stage StageAfter { get; init; }
    [JsonPropertyName("flowVersion")] public required long FlowVersion { get; init; }
    [JsonPropertyName("recordSequence")] public required long RecordSequence { get; init; }
    [JsonPropertyName("at")] public required Instant At { get; init; }
    [JsonPropertyName("fingerprint")] public required string Fingerprint { get; init; }

    public static StoredOutcome From(CommandOutcome outcome) => new()
    {
        CommandId = outcome.CommandId,
        OrderNumber = outcome.OrderNumber,
        Action = outcome.Action,
        StageBefore = outcome.StageBefore,
        StageAfter = outcome.StageAfter,
        FlowVersion = outcome.FlowVersion,
        RecordSequence = outcome.RecordSequence,
        At = outcome.At,
        Fingerprint = outcome.Fingerprint,
    };

    public CommandOutcome ToOutcome() => new()
    {
        CommandId = CommandId,
        OrderNumber = OrderNumber,
        Action = StoredValues.Defined(Action),
        StageBefore = StoredValues.Defined(StageBefore),
        StageAfter = StoredValues.Defined(StageAfter),
        FlowVersion = FlowVersion,
        RecordSequence = RecordSequence,
        At = At,
        Fingerprint = Fingerprint,
    };
}
