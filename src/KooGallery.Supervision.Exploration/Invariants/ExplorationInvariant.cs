namespace KooGallery.Supervision.Exploration;

/// <summary>
/// A rule of your own that every explored state must keep, checked after every step beside the built-in ones
/// (<see cref="InvariantNames"/>). Add it to <see cref="ExplorationOptions.Invariants"/>.
/// </summary>
/// <remarks>Instances are immutable; the check is called from one thread at a time per exploration.</remarks>
public sealed class ExplorationInvariant
{
    private readonly Func<FlowView, string?> _check;

    /// <summary>Initializes an invariant.</summary>
    /// <param name="name">A short stable name, reported with a violation (for example "no-appeal-while-accepted").</param>
    /// <param name="check">
    /// Reads the state after a step, as an operations manager's view (the flow, its records and the instant), and
    /// returns null when the invariant holds, or a sentence saying what broke.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is null.</exception>
    public ExplorationInvariant(string name, Func<FlowView, string?> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        Name = name;
        _check = check;
    }

    /// <summary>Gets the invariant's name.</summary>
    public string Name { get; }

    /// <summary>Checks the invariant on one state.</summary>
    /// <param name="view">The operations manager's view of the flow after a step.</param>
    /// <returns>Null when the invariant holds; else what broke.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="view"/> is null.</exception>
    public string? Check(FlowView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return _check(view);
    }

    /// <summary>Returns the invariant's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
