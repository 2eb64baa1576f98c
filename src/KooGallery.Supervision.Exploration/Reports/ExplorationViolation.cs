namespace KooGallery.Supervision.Exploration;

/// <summary>
/// An invariant that broke, with the shortest sequence of steps found that breaks it (breadth first, so no
/// shorter one exists within the explored states), from the flow's creation to the step where it broke.
/// </summary>
/// <remarks>Instances are immutable.</remarks>
public sealed class ExplorationViolation
{
    private readonly string _policy;
    private readonly ProductKind _productKind;
    private readonly NodaTime.Instant _start;

    internal ExplorationViolation(string invariant, string message, IReadOnlyList<ExploredStep> path, Internal.Settings settings)
    {
        Invariant = invariant;
        Message = message;
        Path = path;
        _policy = settings.Policy.Version;
        _productKind = settings.ProductKind;
        _start = settings.Start;
    }

    /// <summary>Gets the name of the invariant that broke (one of <see cref="InvariantNames"/>, or one of your own).</summary>
    public string Invariant { get; }

    /// <summary>Gets what broke, in one sentence.</summary>
    public string Message { get; }

    /// <summary>Gets the steps from the flow's creation; the last is the step after which (or at which) the invariant broke.</summary>
    public IReadOnlyList<ExploredStep> Path { get; }

    /// <summary>
    /// Writes the counterexample as a scenario: a YAML list of steps, each with its time since the start
    /// (<c>at: +5d 1ns</c>), actor, action, inputs and what happened (<c>expect</c>, <c>stage</c>); the last step
    /// says which invariant it <c>violates</c> and why.
    /// </summary>
    /// <returns>The scenario text, ending with a line break.</returns>
    public string ToScenario() => Internal.ScenarioText.Write(this, _policy, _productKind, _start);

    /// <summary>Describes the violation: the invariant, what broke and the steps, one a line.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Invariant}: {Message}{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Path)}";
}
