namespace KooGallery.Supervision.Machine;

/// <summary>
/// What a command hands to the machine with its trigger (Stateless's trigger parameters): the text and references
/// kept on the flow or its events, the enabling instant of a delivery (delivery with proof, R12), and the details of
/// an appeal decision (appeal decisions, R24).
/// </summary>
internal sealed record CommandDetails(
    string? Text = null,
    IReadOnlyList<ProofReference>? References = null,
    Instant? EnablingInstant = null,
    Stage? ReturnTo = null,
    bool ResetCounts = false)
{
    /// <summary>Gets the details of a trigger fired without any: a timer's.</summary>
    public static CommandDetails None { get; } = new();
}
