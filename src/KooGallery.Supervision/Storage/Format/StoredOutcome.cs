using NodaTime;

namespace KooGallery.Supervision.Storage.Format;

/// <summary>A <see cref="CommandOutcome"/> as stored: everything but <see cref="CommandOutcome.IsReplay"/>, which only a replay sets.</summary>
internal sealed record StoredOutcome
{
    public required string CommandId { get; init; }

    public required string OrderNumber { get; init; }

    public required SupervisionAction Action { get; init; }

    public required Stage StageBefore { get; init; }

    public required Stage StageAfter { get; init; }

    public required long FlowVersion { get; init; }

    public required long RecordSequence { get; init; }

    public required Instant At { get; init; }

    public required string Fingerprint { get; init; }

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
