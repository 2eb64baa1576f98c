namespace KooGallery.Supervision;

/// <summary>
/// One accepted action of a flow (operation records, R26). Records are appended in sequence and never changed or
/// removed; they are always read in sequence order.
/// </summary>
public sealed record OperationRecord
{
    /// <summary>Gets the order number of the flow.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the sequence number, starting at 1 with the creation record and without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the action took effect.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets the id of the actor who acted.</summary>
    public required string ActorId { get; init; }

    /// <summary>Gets the role in which the actor acted.</summary>
    public required ActorRole ActorRole { get; init; }

    /// <summary>Gets the action.</summary>
    public required SupervisionAction Action { get; init; }

    /// <summary>Gets the stage before the action.</summary>
    public required Stage StageBefore { get; init; }

    /// <summary>Gets the stage after the action.</summary>
    public required Stage StageAfter { get; init; }

    /// <summary>Gets the text, reason or decision given with the action, if any.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the proof references given with the action.</summary>
    public IReadOnlyList<ProofReference> References { get; init; } = [];

    /// <summary>
    /// Gets further named values of the action: request template values, acceptance criteria,
    /// the enabling instant of a delivery, an appeal outcome.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = EmptyFields;

    /// <summary>Gets the caller's command id (command ids, R30), or null for creation and timer actions.</summary>
    public string? CommandId { get; init; }

    internal static IReadOnlyDictionary<string, string> EmptyFields => Internal.ReadOnly.EmptyFields;

    /// <summary>
    /// The outcome of the command that appended this record and made <paramref name="flowVersion"/>: the command's id,
    /// action, stages and instant are the record's.
    /// </summary>
    internal CommandOutcome ToOutcome(long flowVersion, string fingerprint) => new()
    {
        CommandId = CommandId ?? throw new InvalidOperationException("The record was not appended by a command."),
        OrderNumber = OrderNumber,
        Action = Action,
        StageBefore = StageBefore,
        StageAfter = StageAfter,
        FlowVersion = flowVersion,
        RecordSequence = Sequence,
        At = At,
        Fingerprint = fingerprint,
    };

    /// <summary>Describes the record in one line: sequence, instant, actor, action and stages, with the count of references and fields.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"#{Sequence} {At} {ActorRole} '{ActorId}' {Action} {StageBefore} -> {StageAfter} ({References.Count} references, {Fields.Count} fields{(Text is null ? string.Empty : ", with text")})");
}
