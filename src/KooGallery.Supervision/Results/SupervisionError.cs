namespace KooGallery.Supervision;

/// <summary>
/// Why an action was refused (refusals, R27): a stable <see cref="Code"/>, a message that says what to do,
/// and the machine-readable details that fit the code. A refused action changed nothing.
/// </summary>
public sealed record SupervisionError
{
    /// <summary>Gets the stable code.</summary>
    public required SupervisionErrorCode Code { get; init; }

    /// <summary>Gets a message for people, saying what is wrong and what to do.</summary>
    public required string Message { get; init; }

    /// <summary>
    /// Gets a stable finer reason where the code covers several cases, for example
    /// "RenewalOrder", "CommandIdReused", "VersionConflict", "DifferentOrderData", "NotAParty", "WrongRole".
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>Gets the actions the actor may take now, for <see cref="SupervisionErrorCode.NotPermittedInStage"/>.</summary>
    public IReadOnlyList<SupervisionAction> PermittedActions { get; init; } = [];

    /// <summary>Gets the distance to each condition, for <see cref="SupervisionErrorCode.ConditionNotMet"/>.</summary>
    public IReadOnlyList<ConditionProgress> Conditions { get; init; } = [];

    /// <summary>Gets each invalid field, for <see cref="SupervisionErrorCode.Validation"/>.</summary>
    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    /// <summary>Gets when the refused action will next be allowed, where that is known (reminders, R17).</summary>
    public Instant? RetryAt { get; init; }

    /// <summary>Gets the stage of the flow when the action was refused, where a flow was found.</summary>
    public Stage? Stage { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
