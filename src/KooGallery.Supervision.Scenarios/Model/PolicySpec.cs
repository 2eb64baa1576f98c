namespace KooGallery.Supervision.Scenarios.Model;

/// <summary>
/// The policy of a scenario: the default policy with the options the file overrides, each by the kebab form
/// of its <see cref="SupervisionPolicy"/> property name (<c>completion-delay: 1h</c>).
/// </summary>
internal sealed class PolicySpec
{
    /// <summary>The line of the policy in its file.</summary>
    public int Line { get; init; }

    public string? Version { get; set; }

    public Instant? EffectiveFrom { get; set; }

    public Duration? CompletionDelay { get; set; }

    public Duration? StallAfter { get; set; }

    public StallMeasure? StallMeasure { get; set; }

    public Duration? ReminderInterval { get; set; }

    public int? RequestRejectionsForAppeal { get; set; }

    public int? DeliveryRejectionsForAppeal { get; set; }

    public SellerAppealRule? SellerAppeal { get; set; }

    public bool? AppealWhileAccepted { get; set; }

    public Duration? LongOpenAfter { get; set; }

    public int? AppealDecisionWorkingDays { get; set; }

    public IReadOnlySet<IsoDayOfWeek>? WorkingDays { get; set; }

    public IReadOnlySet<LocalDate>? Holidays { get; set; }

    public DateTimeZone? TimeZone { get; set; }

    public int? MaxTextLength { get; set; }

    public int? MaxReferences { get; set; }

    public int? MaxTemplateFields { get; set; }

    public IReadOnlySet<ProductKind>? KindsWithRequestStep { get; set; }

    public IReadOnlySet<string>? ReferenceSchemes { get; set; }

    /// <summary>The library's policy: the defaults, with what the file overrides.</summary>
    public SupervisionPolicy Build()
    {
        var basis = SupervisionPolicy.Default;
        return new SupervisionPolicy
        {
            Version = Version ?? basis.Version,
            EffectiveFrom = EffectiveFrom ?? basis.EffectiveFrom,
            CompletionDelay = CompletionDelay ?? basis.CompletionDelay,
            StallAfter = StallAfter ?? basis.StallAfter,
            StallMeasure = StallMeasure ?? basis.StallMeasure,
            ReminderInterval = ReminderInterval ?? basis.ReminderInterval,
            RequestRejectionsForAppeal = RequestRejectionsForAppeal ?? basis.RequestRejectionsForAppeal,
            DeliveryRejectionsForAppeal = DeliveryRejectionsForAppeal ?? basis.DeliveryRejectionsForAppeal,
            SellerAppeal = SellerAppeal ?? basis.SellerAppeal,
            AppealWhileAccepted = AppealWhileAccepted ?? basis.AppealWhileAccepted,
            LongOpenAfter = LongOpenAfter ?? basis.LongOpenAfter,
            AppealDecisionWorkingDays = AppealDecisionWorkingDays ?? basis.AppealDecisionWorkingDays,
            WorkingDays = WorkingDays ?? basis.WorkingDays,
            Holidays = Holidays ?? basis.Holidays,
            TimeZone = TimeZone ?? basis.TimeZone,
            MaxTextLength = MaxTextLength ?? basis.MaxTextLength,
            MaxReferences = MaxReferences ?? basis.MaxReferences,
            MaxTemplateFields = MaxTemplateFields ?? basis.MaxTemplateFields,
            KindsWithRequestStep = KindsWithRequestStep ?? basis.KindsWithRequestStep,
            ReferenceSchemes = ReferenceSchemes ?? basis.ReferenceSchemes,
        };
    }
}
