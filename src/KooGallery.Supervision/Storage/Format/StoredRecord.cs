using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>An <see cref="OperationRecord"/> as stored: text, references, fields and command id are left out when empty.</summary>
internal sealed record StoredRecord
{
    [JsonPropertyName("orderNumber")] public required string OrderNumber { get; init; }
    [JsonPropertyName("sequence")] public required long Sequence { get; init; }
    [JsonPropertyName("at")] public required Instant At { get; init; }
    [JsonPropertyName("actorId")] public required string ActorId { get; init; }
    [JsonPropertyName("actorRole")] public required ActorRole ActorRole { get; init; }
    [JsonPropertyName("action")] public required SupervisionAction Action { get; init; }
    [JsonPropertyName("stageBefore")] public required Stage StageBefore { get; init; }
    [JsonPropertyName("stageAfter")] public required Stage StageAfter { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("references")] public IReadOnlyList<StoredReference>? References { get; init; }
    [JsonPropertyName("fields")] public IReadOnlyDictionary<string, string>? Fields { get; init; }
    [JsonPropertyName("commandId")] public string? CommandId { get; init; }

    public static StoredRecord From(OperationRecord record) => new()
    {
        OrderNumber = record.OrderNumber,
        Sequence = record.Sequence,
        At = record.At,
        ActorId = record.ActorId,
        ActorRole = record.ActorRole,
        Action = record.Action,
        StageBefore = record.StageBefore,
        StageAfter = record.StageAfter,
        Text = record.Text,
        References = StoredValues.References(record.References),
        Fields = record.Fields.Count > 0 ? record.Fields : null,
        CommandId = record.CommandId,
    };

    public OperationRecord ToRecord() => new()
    {
        OrderNumber = OrderNumber,
        Sequence = Sequence,
        At = At,
        ActorId = ActorId,
        ActorRole = StoredValues.Defined(ActorRole),
        Action = StoredValues.Defined(Action),
        StageBefore = StoredValues.Defined(StageBefore),
        StageAfter = StoredValues.Defined(StageAfter),
        Text = Text,
        References = StoredValues.References(References),
        Fields = Fields is null ? OperationRecord.EmptyFields : Internal.ReadOnly.Copy(Fields),
        CommandId = CommandId,
    };
}
