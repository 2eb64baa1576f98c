namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>
/// A time as a scenario file writes it: an absolute instant (<c>2026-03-06T10:00:00Z</c>), or an offset
/// (<c>+5d 1h</c>, <c>-2h</c>) from an anchor that depends on where it is written: the previous step's time
/// for a step's <c>at</c>, the step's own time for an expectation or input, the scenario's start for an order.
/// </summary>
/// <param name="Absolute">The instant, when absolute.</param>
/// <param name="Offset">The offset from the anchor, when relative.</param>
/// <param name="Text">The text as written.</param>
internal sealed record TimeSpec(Instant? Absolute, Duration Offset, string Text)
{
    /// <summary>The instant this time names, given its anchor.</summary>
    public Instant Resolve(Instant anchor) => Absolute ?? anchor + Offset;

    /// <inheritdoc/>
    public override string ToString() => Text;
}
