namespace KooGallery.Supervision;

/// <summary>
/// What an accepted command did. A retry with the same command id returns the first outcome
/// with <see cref="IsReplay"/> set (command ids, R30).
/// </summary>
public sealed record CommandOutcome
{
    /// <summary>Gets the command id.</summary>
    public required string CommandId { get; init; }

    /// <summary>Gets the order number of the flow.</summary>
    public required string OrderNumber { get; init; }

    /// <summary>Gets the action taken.</summary>
    public required SupervisionAction Action { get; init; }

    /// <summary>Gets the stage before the action.</summary>
    public required Stage StageBefore { get; init; }

    /// <summary>Gets the stage after the action.</summary>
    public required Stage StageAfter { get; init; }

    /// <summary>Gets the flow version the command produced.</summary>
    public required long FlowVersion { get; init; }

    /// <summary>Gets the sequence number of the operation record the command appended.</summary>
    public required long RecordSequence { get; init; }

    /// <summary>Gets when the command took effect.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets whether this is the stored outcome of an earlier call with the same command id.</summary>
    public bool IsReplay { get; init; }

    /// <summary>
    /// Gets a fingerprint of the command's content, used to tell a retry from a reused id. The library's own: it is
    /// kept by <see cref="SupervisionStorageFormat"/> and never shown to callers (it is not in the public JSON).
    /// An outcome made outside the library has an empty fingerprint.
    /// </summary>
    internal string Fingerprint { get; init; } = string.Empty;
}
