using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// One version of the marketplace's supervision process: every number and every policy decision
/// of the supervision rules (R1 to R33, listed in the package's README), with the current process as
/// defaults. A flow keeps the policy that was in force when its order was placed (policy versions, R33),
/// so several versions run side by side; register them all in
/// <see cref="ServiceSupervisionOptions.Policies"/>.
/// </summary>
/// <remarks>
/// Instances are immutable once built (the sets given are copied) and safe to share between threads.
/// </remarks>
public sealed class SupervisionPolicy
{
    private static readonly FrozenSet<IsoDayOfWeek> MondayToFriday = new[]
    {
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday,
    }.ToFrozenSet();

    private static readonly FrozenSet<ProductKind> DefaultKindsWithRequestStep = new[]
    {
        ProductKind.ProfessionalService, ProductKind.ConsultingService, ProductKind.OfflineSaas,
    }.ToFrozenSet();

    // Stryker disable once String : a static initializer runs before any mutant is active; R12_the_default_policy_allows_web_links pins the two schemes
    private static readonly FrozenSet<string> WebSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "http" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly IReadOnlySet<IsoDayOfWeek> _workingDays = MondayToFriday;
    private readonly IReadOnlySet<LocalDate> _holidays = FrozenSet<LocalDate>.Empty;
    private readonly IReadOnlySet<ProductKind> _kindsWithRequestStep = DefaultKindsWithRequestStep;
    private readonly IReadOnlySet<string> _referenceSchemes = WebSchemes;
    private IReadOnlyDictionary<string, string>? _creationFields;

    /// <summary>The largest <see cref="MaxTemplateFields"/> accepted; creation refuses larger templates under any policy.</summary>
    internal const int MaxTemplateFieldsLimit = 1_000;

    /// <summary>The longest period a policy may set for a completion delay, a stall or a reminder interval.</summary>
    private static readonly Duration MaxPeriod = Duration.FromDays(365);

    /// <summary>Gets the current process with every default.</summary>
    public static SupervisionPolicy Default { get; } = new();

    /// <summary>Gets the name of this policy version; stored on every flow placed under it.</summary>
    /// <value>
    /// The default value is "default". Like an id: not blank, at most <see cref="ServiceSupervisor.MaxIdLength"/>
    /// characters, no control or invisible format character.
    /// </value>
    public string Version { get; init; } = "default";

    /// <summary>Gets the first placement instant this policy applies to (policy versions, R33).</summary>
    /// <value>The default value is <see cref="Instant.MinValue"/>: every order.</value>
    public Instant EffectiveFrom { get; init; } = Instant.MinValue;

    /// <summary>Gets the delay between the buyer's acceptance and completion (completion, R15).</summary>
    /// <value>The default value is 3 hours. Range: 0 to 365 days.</value>
    public Duration CompletionDelay { get; init; } = Duration.FromHours(3);

    /// <summary>Gets how long the waited-on party may stay idle before it has stalled (stalls, R18).</summary>
    /// <value>
    /// The default value is 5 days (5 x 24 hours of elapsed time). Range: 1 minute to 365 days; a whole number
    /// of days with <see cref="StallMeasure.CalendarDays"/>.
    /// </value>
    public Duration StallAfter { get; init; } = Duration.FromDays(5);

    /// <summary>Gets how <see cref="StallAfter"/> is counted (stalls, R18).</summary>
    /// <value>The default value is <see cref="StallMeasure.ElapsedTime"/>. One of the defined values.</value>
    public StallMeasure StallMeasure { get; init; } = StallMeasure.ElapsedTime;

    /// <summary>Gets the minimum time between two reminders of one flow (reminders, R17).</summary>
    /// <value>The default value is 24 hours. Range: 0 to 365 days.</value>
    public Duration ReminderInterval { get; init; } = Duration.FromHours(24);

    /// <summary>Gets the request-rejection count at which the buyer may appeal (the buyer's appeal, R21).</summary>
    /// <value>The default value is 3. Range: 1 to 1,000.</value>
    public int RequestRejectionsForAppeal { get; init; } = 3;

    /// <summary>Gets the delivery-rejection count at which the buyer may appeal (the buyer's appeal, R21).</summary>
    /// <value>The default value is 3. Range: 1 to 1,000.</value>
    public int DeliveryRejectionsForAppeal { get; init; } = 3;

    /// <summary>Gets when a seller may appeal (the seller's appeal, R22).</summary>
    /// <value>The default value is <see cref="SellerAppealRule.AnyTime"/>. One of the defined values.</value>
    public SellerAppealRule SellerAppeal { get; init; } = SellerAppealRule.AnyTime;

    /// <summary>Gets how long after placement a flow not yet accepted raises one long-open event (long-open flows, R19).</summary>
    /// <value>The default value is 180 days. Range: 1 day to 3,650 days.</value>
    public Duration LongOpenAfter { get; init; } = Duration.FromDays(180);

    /// <summary>Gets the number of working days an operations manager has to decide an appeal (the decision deadline, R25).</summary>
    /// <value>The default value is 3. Range: 1 to 60.</value>
    public int AppealDecisionWorkingDays { get; init; } = 3;

    /// <summary>Gets the marketplace's working days (the decision deadline, R25).</summary>
    /// <value>The default value is Monday to Friday. At least one day; only <see cref="IsoDayOfWeek.Monday"/> to <see cref="IsoDayOfWeek.Sunday"/>.</value>
    public IReadOnlySet<IsoDayOfWeek> WorkingDays
    {
        get => _workingDays;
        init => _workingDays = value?.ToFrozenSet()!;
    }

    /// <summary>Gets local dates that are not working days even when their day of week is (public holidays).</summary>
    /// <value>The default value is no holidays.</value>
    public IReadOnlySet<LocalDate> Holidays
    {
        get => _holidays;
        init => _holidays = value?.ToFrozenSet()!;
    }

    /// <summary>
    /// Gets the marketplace's time zone: working days (the decision deadline, R25) and calendar-day stalls (stalls, R18) are counted in it.
    /// </summary>
    /// <value>The default value is UTC.</value>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>
    /// Gets the maximum length, in characters, of every text a party writes: request text, reasons, updates, notes,
    /// reminders and decisions (submitting a request, R8), and also each template value and each proof reference's name
    /// and URI (delivery with proof, R12; appeals, R23). Characters are Unicode scalar values: an emoji outside the basic
    /// plane counts once, though .NET holds it as two UTF-16 units.
    /// </summary>
    /// <value>The default value is 10,000 characters. Range: 1 to 1,000,000.</value>
    public int MaxTextLength { get; init; } = 10_000;

    /// <summary>Gets the maximum number of proof references one action may carry.</summary>
    /// <value>The default value is 50. Range: 2 (statement of work and acceptance document) to 1,000.</value>
    public int MaxReferences { get; init; } = 50;

    /// <summary>
    /// Gets the maximum number of fields of a product's request template, and of its delivery template, when a
    /// flow is created under this policy (creation, R2). A template is part of the order data; it is copied onto the flow.
    /// </summary>
    /// <value>The default value is 100. Range: 1 to 1,000.</value>
    public int MaxTemplateFields { get; init; } = 100;

    /// <summary>Gets the product kinds whose flows start with a request step at AwaitingRequest (the starting stage, R5); others start at InService.</summary>
    /// <value>The default value is professional services, consulting services and offline SaaS. Only defined kinds.</value>
    public IReadOnlySet<ProductKind> KindsWithRequestStep
    {
        get => _kindsWithRequestStep;
        init => _kindsWithRequestStep = value?.ToFrozenSet()!;
    }

    /// <summary>
    /// Gets the URI schemes a proof reference may use (delivery with proof, R12; appeal content, R23). References are
    /// shown to the other party as links, so schemes such as <c>javascript:</c> or <c>file:</c> are refused. Compared
    /// ignoring case.
    /// </summary>
    /// <value>The default value is https and http. At least one; each a scheme name without its colon (a letter, then letters, digits, '+', '-' or '.').</value>
    public IReadOnlySet<string> ReferenceSchemes
    {
        get => _referenceSchemes;
        init => _referenceSchemes = value?.ToFrozenSet(StringComparer.OrdinalIgnoreCase)!;
    }

    /// <summary>
    /// Gets whether an appeal may be opened while the flow is Accepted (completion pending).
    /// When false, OpenAppeal is not permitted in Accepted.
    /// </summary>
    /// <value>The default value is true: until completion a party may still appeal (decision, see the README).</value>
    public bool AppealWhileAccepted { get; init; } = true;

    /// <summary>Gets the fields of the creation record of a flow under this policy, shared by all of them.</summary>
    internal IReadOnlyDictionary<string, string> CreationFields
    {
        get
        {
            // Stryker disable once Assignment : a cache; without it each flow gets an equal dictionary of its own
            return _creationFields ??= new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(
                new Dictionary<string, string>(StringComparer.Ordinal) { [Internal.ReadOnly.PolicyVersionField] = Version });
        }
    }

    /// <summary>Checks every option's range and throws when one is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of its documented range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Version), nameof(Version), "must name the policy version");
        Require(Version.Length <= ServiceSupervisor.MaxIdLength, nameof(Version),
            string.Create(CultureInfo.InvariantCulture, $"may have at most {ServiceSupervisor.MaxIdLength} characters"));
        if (Internal.TextRules.Problem(Version, freeText: false) is { } problem)
        {
            Require(false, nameof(Version), problem + ", but it is stored on every flow and must be kept exactly");
        }

        Within(CompletionDelay, Duration.Zero, MaxPeriod, nameof(CompletionDelay));
        Within(StallAfter, Duration.FromMinutes(1), MaxPeriod, nameof(StallAfter));
        Require(Enum.IsDefined(StallMeasure), nameof(StallMeasure), "must be one of the defined measures");
        Require(StallMeasure != StallMeasure.CalendarDays || StallAfter.SubsecondNanoseconds == 0 && StallAfter.Hours == 0 && StallAfter.Minutes == 0 && StallAfter.Seconds == 0,
            nameof(StallAfter), "must be a whole number of days when counted in calendar days");
        Within(ReminderInterval, Duration.Zero, MaxPeriod, nameof(ReminderInterval));
        Within(RequestRejectionsForAppeal, 1, 1_000, nameof(RequestRejectionsForAppeal));
        Within(DeliveryRejectionsForAppeal, 1, 1_000, nameof(DeliveryRejectionsForAppeal));
        Require(Enum.IsDefined(SellerAppeal), nameof(SellerAppeal), "must be one of the defined rules");
        Within(LongOpenAfter, Duration.FromDays(1), Duration.FromDays(3_650), nameof(LongOpenAfter));
        Within(AppealDecisionWorkingDays, 1, 60, nameof(AppealDecisionWorkingDays));
        Require(WorkingDays is { Count: > 0 }, nameof(WorkingDays), "must name at least one day");
        foreach (var day in WorkingDays)
        {
            Require(day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday, nameof(WorkingDays),
                string.Create(CultureInfo.InvariantCulture, $"may name only Monday to Sunday, not {day}"));
        }

        Require(Holidays is not null, nameof(Holidays), "must not be null");
        Require(TimeZone is not null, nameof(TimeZone), "must not be null");
        Within(MaxTextLength, 1, 1_000_000, nameof(MaxTextLength));
        Within(MaxReferences, 2, 1_000, nameof(MaxReferences), " (statement of work and acceptance document)");
        Within(MaxTemplateFields, 1, MaxTemplateFieldsLimit, nameof(MaxTemplateFields));
        Require(KindsWithRequestStep is not null, nameof(KindsWithRequestStep), "must not be null");
        foreach (var kind in KindsWithRequestStep)
        {
            Require(Enum.IsDefined(kind), nameof(KindsWithRequestStep),
                string.Create(CultureInfo.InvariantCulture, $"may name only defined product kinds, not {kind}"));
        }

        Require(ReferenceSchemes is { Count: > 0 }, nameof(ReferenceSchemes), "must name at least one scheme");
        foreach (var scheme in ReferenceSchemes)
        {
            Require(IsSchemeName(scheme), nameof(ReferenceSchemes),
                $"must name schemes without their colon, such as \"https\"; '{scheme}' is not a scheme name");
        }
    }

    private static bool IsSchemeName(string scheme)
    {
        if (string.IsNullOrEmpty(scheme) || !char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private void Within(Duration value, Duration min, Duration max, string option) =>
        Require(value >= min && value <= max, option, string.Create(CultureInfo.InvariantCulture,
            $"must be from {Internal.DurationText.Format(min)} to {Internal.DurationText.Format(max)}; it was {Exactly(value)}"));

    /// <summary>A duration in words with its fraction of a second, so a value just past a bound never reads as the bound.</summary>
    private static string Exactly(Duration value)
    {
        if (value < Duration.Zero)
        {
            return "negative";
        }

        var nanoseconds = value.SubsecondNanoseconds;
        var whole = value - Duration.FromNanoseconds(nanoseconds);
        return nanoseconds == 0 ? Internal.DurationText.Format(value)
            : whole == Duration.Zero ? string.Create(CultureInfo.InvariantCulture, $"{nanoseconds} ns")
            : string.Create(CultureInfo.InvariantCulture, $"{Internal.DurationText.Format(whole)} and {nanoseconds} ns");
    }

    private void Within(int value, int min, int max, string option, string? note = null) =>
        Require(value >= min && value <= max, option, string.Create(CultureInfo.InvariantCulture,
            $"must be from {min:N0} to {max:N0}{note}; it was {value:N0}"));

    private void Require([DoesNotReturnIf(false)] bool condition, string option, string what)
    {
        if (!condition)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Supervision policy '{Version}': {option} {what}."),
                option);
        }
    }
}
