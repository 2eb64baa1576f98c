namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>The explorer's own copy of <see cref="ExplorationOptions"/>, checked and in a stable order.</summary>
internal sealed class Settings
{
    public Settings(ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Policy = options.Policy;
        ProductKind = options.ProductKind;
        MaxDepth = options.MaxDepth;
        MaxStates = options.MaxStates;
        Start = options.Start;
        Actors = [.. options.Actors.Order()];
        Thresholds = [.. options.Thresholds.Order()];
        Offsets = [.. options.ThresholdOffsets.Distinct().Order()];
        Invariants = [.. options.Invariants];
        HasRequestStep = Policy.KindsWithRequestStep.Contains(ProductKind);
        LongOpenHorizon = HorizonOf(Policy, Offsets);
    }

    public SupervisionPolicy Policy { get; }

    public ProductKind ProductKind { get; }

    public int MaxDepth { get; }

    public int MaxStates { get; }

    public Instant Start { get; }

    public IReadOnlyList<ExplorerActor> Actors { get; }

    public IReadOnlyList<ExplorationThreshold> Thresholds { get; }

    public IReadOnlyList<Duration> Offsets { get; }

    public IReadOnlyList<ExplorationInvariant> Invariants { get; }

    public bool HasRequestStep { get; }

    /// <summary>
    /// How far off a long-open threshold may lie and still be told apart in the state key: beyond every other
    /// threshold a step can reach (the longest policy period, an appeal's decision window, plus the offsets),
    /// where it orders the same after every step explored next.
    /// </summary>
    public Duration LongOpenHorizon { get; }

    private static Duration HorizonOf(SupervisionPolicy policy, IReadOnlyList<Duration> offsets)
    {
        // An appeal's deadline lies at most this many whole weeks after it was opened: the working days spread over
        // the working days of a week, one more week for the days before the first working day, and a week per holiday.
        var weeks = (policy.AppealDecisionWorkingDays + policy.WorkingDays.Count - 1) / policy.WorkingDays.Count + 1 + policy.Holidays.Count;
        var appealWindow = Duration.FromDays(7 * (long)Math.Min(weeks, 1_000));
        var stall = policy.StallAfter + Duration.FromDays(policy.StallMeasure == StallMeasure.CalendarDays ? 2 : 0);
        var longest = Max(Max(stall, policy.CompletionDelay), Max(policy.ReminderInterval, appealWindow));
        var offset = offsets.Count == 0 ? Duration.Zero : Max(offsets[^1], -offsets[0]);
        return longest + offset + offset;
    }

    private static Duration Max(Duration a, Duration b) => a >= b ? a : b;
}
