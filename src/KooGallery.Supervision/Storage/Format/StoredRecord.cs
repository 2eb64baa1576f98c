using System.Text.Json.Serialization;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>An <see cref="OperationRecord"/> as stored: text, references, fields and command id are left out when empty.</summary>
/// <remarks>Settable members with <see cref="JsonRequiredAttribute"/>, for the reasons <see cref="StoredFlow"/> gives.</remarks>
internal sealed class StoredRecord
{
    [JsonPropertyName("orderNumber"), JsonRequired] public string OrderNumber { get; set; } = null!;
    [JsonPropertyName("sequence"), JsonRequired] public long Sequence { get; set; }
    [JsonPropertyName("at"), JsonRequired] public Instant At { get; set; }
    [JsonPropertyName("actorId"), JsonRequired] public string ActorId { get; set; } = null!;
    [JsonPropertyName("actorRole"), JsonRequired] public ActorRole ActorRole { get; set; }
    [JsonPropertyName("action"), JsonRequired] public SupervisionAction Action { get; set; }
    [JsonPropertyName("stageBefore"), JsonRequired] public Stage StageBefore { get; set; }
    [JsonPropertyName("stageAfter"), JsonRequired] public Stage StageAfter { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("references")] public IReadOnlyList<StoredReference>? References { get; set; }
    [JsonPropertyName("fields")] public IReadOnlyDictionary<string, string>? Fields { get; set; }
    [JsonPropertyName("commandId")] public string? CommandId { get; set; }

    /// <summary>Sets every member of <paramref name="stored"/> from <paramref name="record"/>; returns <paramref name="stored"/>.</summary>
    public static StoredRecord Fill(StoredRecord stored, OperationRecord record)
    {
        stored.OrderNumber = record.OrderNumber;
        stored.Sequence = record.Sequence;
        stored.At = record.At;
        stored.ActorId = record.ActorId;
        stored.ActorRole = record.ActorRole;
        stored.Action = record.Action;
        stored.StageBefore = record.StageBefore;
        stored.StageAfter = record.StageAfter;
        stored.Text = record.Text;
        stored.References = StoredValues.References(record.References);
        stored.Fields = record.Fields.Count > 0 ? record.Fields : null;
        stored.CommandId = record.CommandId;
        return stored;
    }

    public OperationRecord ToRecord() => new()
    {
        OrderNumber = OrderNumber,
        Sequence = Sequence,
        At = At,
        ActorId = ActorId,
        ActorRole = ActorRole,
        Action = Action,
        StageBefore = StageBefore,
        StageAfter = StageAfter,
        Text = Text,
        References = StoredValues.References(References),
        Fields = Fields is null ? OperationRecord.EmptyFields : Internal.ReadOnly.Copy(Fields),
        CommandId = CommandId,
    };
}
