using System.Collections.Generic;
using NodaTime;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>An <see cref="OperationRecord"/> as stored: text, references, fields and command id are left out when empty.</summary>
internal sealed record StoredRecord
{
    public required string OrderNumber { get; init; }

    public required long Sequence { get; init; }

    public required Instant At { get; init; }

    public required string ActorId { get; init; }

    public required ActorRole ActorRole { get; init; }

    public required SupervisionAction Action { get; init; }

    public required Stage StageBefore { get; init; }

    public required Stage StageAfter { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<StoredReference>? References { get; init; }

    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    public string? CommandId { get; init; }

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
        References = StoredReference.From(record.References),
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
        References = StoredReference.ToReferences(References),
        Fields = Fields is null ? OperationRecord.EmptyFields : Internal.ReadOnly.Copy(Fields),
        CommandId = CommandId,
    };
}
