using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KooGallery.Supervision.Exploration;

/// <summary>
/// What <see cref="SupervisionExplorer"/> explores: the policy, the product kind, how deep, which actors act,
/// which thresholds time steps go to and by which offsets, and invariants of your own.
/// </summary>
/// <remarks>
/// The explorer copies the options when it is created; changing them afterwards does not change that explorer.
/// Not thread-safe while being changed.
/// </remarks>
public sealed class ExplorationOptions
{
    /// <summary>The first instant of the default <see cref="Start"/>: Monday 2 March 2026, 09:00 UTC.</summary>
    private static readonly Instant DefaultStart = Instant.FromUtc(2026, 3, 2, 9, 0);

    /// <summary>Gets or sets the policy the explored flow keeps; it is registered as the supervisor's only policy.</summary>
    /// <value>The default value is <see cref="SupervisionPolicy.Default"/>. It must be in force at <see cref="Start"/>.</value>
    public SupervisionPolicy Policy { get; set; } = SupervisionPolicy.Default;

    /// <summary>Gets or sets the product kind of the explored order: it decides whether the flow has a request step (the starting stage, R5).</summary>
    /// <value>The default value is <see cref="ProductKind.ProfessionalService"/>, which has one under the default policy.</value>
    public ProductKind ProductKind { get; set; } = ProductKind.ProfessionalService;

    /// <summary>Gets or sets the longest sequence of steps explored after the flow's creation.</summary>
    /// <value>The default value is 6, which reaches every stage and every decision outcome under the default policy. Range: 0 to 64.</value>
    public int MaxDepth { get; set; } = 6;

    /// <summary>Gets or sets the most distinct states explored; the exploration stops there and says so.</summary>
    /// <value>The default value is 500,000. Range: 1 to 100,000,000.</value>
    public int MaxStates { get; set; } = 500_000;

    /// <summary>Gets or sets when the order is placed and the flow created; every step's time counts from it.</summary>
    /// <value>The default value is Monday 2 March 2026, 09:00 UTC.</value>
    public Instant Start { get; set; } = DefaultStart;

    /// <summary>Gets the kinds of actor that act.</summary>
    /// <value>The default value is all four: the buyer, the seller, an operations manager and a stranger. At least one.</value>
    public ISet<ExplorerActor> Actors { get; } = new HashSet<ExplorerActor>
    {
        ExplorerActor.Buyer, ExplorerActor.Seller, ExplorerActor.OperationsManager, ExplorerActor.Stranger,
    };

    /// <summary>Gets the thresholds time steps go to; none leaves time still.</summary>
    /// <value>The default value is all five: stall, completion, reminder, appeal decision and long-open.</value>
    public ISet<ExplorationThreshold> Thresholds { get; } = new HashSet<ExplorationThreshold>
    {
        ExplorationThreshold.Stall, ExplorationThreshold.Completion, ExplorationThreshold.Reminder,
        ExplorationThreshold.AppealDecision, ExplorationThreshold.LongOpen,
    };

    /// <summary>Gets the offsets from each pending threshold that time steps go to.</summary>
    /// <value>
    /// The default value is one nanosecond (<see cref="Duration.Epsilon"/>, the finest step of a NodaTime clock) before, at, and one nanosecond after: a stall and an overdue appeal hold from one nanosecond after their threshold.
    /// Each offset from minus one day to one day.
    /// </value>
    public IList<Duration> ThresholdOffsets { get; } = [-Duration.Epsilon, Duration.Zero, Duration.Epsilon];

    /// <summary>Gets invariants of your own, checked after every step beside the built-in ones.</summary>
    /// <value>The default value is none. Names must differ from each other and from <see cref="InvariantNames"/>.</value>
    public IList<ExplorationInvariant> Invariants { get; } = [];

    /// <summary>Checks every option's range and throws when one is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of its documented range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate()
    {
        var policy = Policy;
        Require(policy is not null, nameof(Policy), "must not be null");
        policy.Validate();
        Require(Policy.EffectiveFrom <= Start, nameof(Start), string.Create(CultureInfo.InvariantCulture,
            $"must lie on or after the policy's EffectiveFrom {Policy.EffectiveFrom}; it was {Start}"));
        Require(Start >= NewServiceFlow.MinPlacedAt && Start <= NewServiceFlow.MaxPlacedAt, nameof(Start), string.Create(CultureInfo.InvariantCulture,
            $"must lie from {NewServiceFlow.MinPlacedAt} to {NewServiceFlow.MaxPlacedAt}; it was {Start}"));
        Require(Enum.IsDefined(ProductKind), nameof(ProductKind), "must be one of the defined product kinds");
        Require(MaxDepth is >= 0 and <= 64, nameof(MaxDepth), string.Create(CultureInfo.InvariantCulture, $"must be from 0 to 64; it was {MaxDepth}"));
        Require(MaxStates is >= 1 and <= 100_000_000, nameof(MaxStates), string.Create(CultureInfo.InvariantCulture, $"must be from 1 to 100,000,000; it was {MaxStates}"));
        Require(Actors.Count > 0, nameof(Actors), "must name at least one kind of actor");
        foreach (var actor in Actors)
        {
            Require(Enum.IsDefined(actor), nameof(Actors), string.Create(CultureInfo.InvariantCulture, $"may name only defined actors, not {actor}"));
        }

        foreach (var threshold in Thresholds)
        {
            Require(Enum.IsDefined(threshold), nameof(Thresholds), string.Create(CultureInfo.InvariantCulture, $"may name only defined thresholds, not {threshold}"));
        }

        foreach (var offset in ThresholdOffsets)
        {
            Require(offset >= -Duration.FromDays(1) && offset <= Duration.FromDays(1), nameof(ThresholdOffsets), string.Create(CultureInfo.InvariantCulture,
                $"must each lie from minus one day to one day; one was {offset}"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var invariant in Invariants)
        {
            Require(invariant is not null, nameof(Invariants), "may not hold null");
            Require(!Internal.BuiltInInvariants.IsBuiltIn(invariant.Name) && names.Add(invariant.Name), nameof(Invariants),
                $"must have names that differ from each other and from the built-in ones; '{invariant.Name}' is taken");
        }
    }

    private static void Require([DoesNotReturnIf(false)] bool condition, string option, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"Exploration options: {option} {what}.", option);
        }
    }
}
