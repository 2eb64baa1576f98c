namespace KooGallery.Supervision.Exploration;

/// <summary>What one walk through a given sequence of steps did: the steps as they ran, and the first invariant that broke.</summary>
/// <remarks>Instances are immutable.</remarks>
public sealed class WalkReport
{
    internal WalkReport(IReadOnlyList<ExploredStep> steps, ExplorationViolation? violation)
    {
        Steps = steps;
        Violation = violation;
    }

    /// <summary>Gets the steps that ran, in order; the walk stops at the first violation.</summary>
    public IReadOnlyList<ExploredStep> Steps { get; }

    /// <summary>Gets the first invariant that broke, or null when none did.</summary>
    public ExplorationViolation? Violation { get; }

    /// <summary>Gets whether no invariant broke.</summary>
    public bool Passed => Violation is null;

    /// <summary>Describes the walk: its length, and the violation if any.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Violation is null
        ? $"{Steps.Count} steps; no invariant broke"
        : $"{Steps.Count} steps; {Violation}";
}
