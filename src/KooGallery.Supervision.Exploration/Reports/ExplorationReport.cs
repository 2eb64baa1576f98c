using System.Globalization;

namespace KooGallery.Supervision.Exploration;

/// <summary>What one exploration did: how much it explored, what it reached, how long it took, and what broke.</summary>
/// <remarks>Instances are immutable.</remarks>
public sealed class ExplorationReport
{
    internal ExplorationReport(
        int states,
        long transitions,
        int maxDepth,
        int maxDepthReached,
        IReadOnlyList<Stage> stagesReached,
        IReadOnlyList<Stage> frozenStagesReached,
        IReadOnlyList<AppealOutcome> decisionOutcomesReached,
        TimeSpan elapsed,
        bool stoppedAtStateLimit,
        IReadOnlyList<ExplorationViolation> violations)
    {
        States = states;
        Transitions = transitions;
        MaxDepth = maxDepth;
        MaxDepthReached = maxDepthReached;
        StagesReached = stagesReached;
        FrozenStagesReached = frozenStagesReached;
        DecisionOutcomesReached = decisionOutcomesReached;
        Elapsed = elapsed;
        StoppedAtStateLimit = stoppedAtStateLimit;
        Violations = violations;
    }

    /// <summary>Gets the number of distinct states explored (after merging equal ones), the created flow included.</summary>
    public int States { get; }

    /// <summary>Gets the number of steps that succeeded from an explored state: accepted commands and time steps, to new or known states.</summary>
    public long Transitions { get; }

    /// <summary>Gets the depth bound the exploration ran with.</summary>
    public int MaxDepth { get; }

    /// <summary>Gets the greatest depth at which a new state was found.</summary>
    public int MaxDepthReached { get; }

    /// <summary>Gets every stage an explored state was in, in the order of <see cref="Stage"/>.</summary>
    public IReadOnlyList<Stage> StagesReached { get; }

    /// <summary>Gets every stage an explored appeal froze the flow in, in the order of <see cref="Stage"/>.</summary>
    public IReadOnlyList<Stage> FrozenStagesReached { get; }

    /// <summary>Gets every appeal outcome a decision that succeeded had, in the order of <see cref="AppealOutcome"/>.</summary>
    public IReadOnlyList<AppealOutcome> DecisionOutcomesReached { get; }

    /// <summary>Gets how long the exploration took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets whether the exploration stopped at <see cref="ExplorationOptions.MaxStates"/> before the depth bound.</summary>
    public bool StoppedAtStateLimit { get; }

    /// <summary>Gets the invariants that broke, each once with its shortest counterexample, in the order they were found.</summary>
    public IReadOnlyList<ExplorationViolation> Violations { get; }

    /// <summary>Gets whether no invariant broke.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>Describes the exploration in one line: states, transitions, depth, time, what it reached, violations.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{States:N0} states and {Transitions:N0} transitions to depth {MaxDepthReached} of {MaxDepth}{(StoppedAtStateLimit ? " (stopped at the state limit)" : string.Empty)} in {Elapsed.TotalSeconds:F1} s; stages reached: {string.Join(", ", StagesReached)}; appeals in: {(FrozenStagesReached.Count == 0 ? "none" : string.Join(", ", FrozenStagesReached))}; decision outcomes reached: {(DecisionOutcomesReached.Count == 0 ? "none" : string.Join(", ", DecisionOutcomesReached))}; {(Violations.Count == 0 ? "no invariant broke" : $"broken: {string.Join(", ", Violations.Select(v => v.Invariant))}")}");
}
