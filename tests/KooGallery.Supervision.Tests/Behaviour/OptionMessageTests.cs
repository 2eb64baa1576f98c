namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>
/// What a host is told when a policy or an engine option is out of range: the option named as the exception's
/// parameter and the whole message, word for word (found by mutation testing, docs/testing.md: the texts and the
/// range checks were not pinned). A host reads these messages at start-up, so they are part of the contract.
/// </summary>
public class OptionMessageTests
{
    public static TheoryData<string, string, string> PolicyMessages() => new()
    {
        { "Version= ", "Version", "Supervision policy ' ': Version must name the policy version." },
        { "Version=tab", "Version", "Supervision policy 'a\tb': Version contains the control character U+0009, but it is stored on every flow and must be kept exactly." },
        { "CompletionDelay=-1h", "CompletionDelay", "Supervision policy 'default': CompletionDelay must be from 0 seconds to 365 days; it was negative." },
        { "StallAfter=0", "StallAfter", "Supervision policy 'default': StallAfter must be from 1 minute to 365 days; it was 0 seconds." },
        { "StallAfter=400d", "StallAfter", "Supervision policy 'default': StallAfter must be from 1 minute to 365 days; it was 400 days." },
        { "StallAfter=365d+1tick", "StallAfter", "Supervision policy 'default': StallAfter must be from 1 minute to 365 days; it was 365 days and 100 ns." },
        { "StallAfter=36h,CalendarDays", "StallAfter", "Supervision policy 'default': StallAfter must be a whole number of days when counted in calendar days." },
        { "StallMeasure=99", "StallMeasure", "Supervision policy 'default': StallMeasure must be one of the defined measures." },
        { "ReminderInterval=366d", "ReminderInterval", "Supervision policy 'default': ReminderInterval must be from 0 seconds to 365 days; it was 366 days." },
        { "RequestRejectionsForAppeal=0", "RequestRejectionsForAppeal", "Supervision policy 'default': RequestRejectionsForAppeal must be from 1 to 1,000; it was 0." },
        { "DeliveryRejectionsForAppeal=1001", "DeliveryRejectionsForAppeal", "Supervision policy 'default': DeliveryRejectionsForAppeal must be from 1 to 1,000; it was 1,001." },
        { "SellerAppeal=99", "SellerAppeal", "Supervision policy 'default': SellerAppeal must be one of the defined rules." },
        { "LongOpenAfter=12h", "LongOpenAfter", "Supervision policy 'default': LongOpenAfter must be from 1 day to 3650 days; it was 12 hours." },
        { "AppealDecisionWorkingDays=0", "AppealDecisionWorkingDays", "Supervision policy 'default': AppealDecisionWorkingDays must be from 1 to 60; it was 0." },
        { "WorkingDays=none", "WorkingDays", "Supervision policy 'default': WorkingDays must name at least one day." },
        { "WorkingDays=8", "WorkingDays", "Supervision policy 'default': WorkingDays may name only Monday to Sunday, not 8." },
        { "Holidays=null", "Holidays", "Supervision policy 'default': Holidays must not be null." },
        { "TimeZone=null", "TimeZone", "Supervision policy 'default': TimeZone must not be null." },
        { "MaxTextLength=0", "MaxTextLength", "Supervision policy 'default': MaxTextLength must be from 1 to 1,000,000; it was 0." },
        { "MaxReferences=1", "MaxReferences", "Supervision policy 'default': MaxReferences must be from 2 to 1,000 (statement of work and acceptance document); it was 1." },
        { "MaxTemplateFields=0", "MaxTemplateFields", "Supervision policy 'default': MaxTemplateFields must be from 1 to 1,000; it was 0." },
        { "KindsWithRequestStep=null", "KindsWithRequestStep", "Supervision policy 'default': KindsWithRequestStep must not be null." },
        { "KindsWithRequestStep=99", "KindsWithRequestStep", "Supervision policy 'default': KindsWithRequestStep may name only defined product kinds, not 99." },
        { "ReferenceSchemes=none", "ReferenceSchemes", "Supervision policy 'default': ReferenceSchemes must name at least one scheme." },
        { "ReferenceSchemes=https:", "ReferenceSchemes", "Supervision policy 'default': ReferenceSchemes must name schemes without their colon, such as \"https\"; 'https:' is not a scheme name." },
    };

    private static SupervisionPolicy Policy(string setting) => setting switch
    {
        "Version= " => new SupervisionPolicy { Version = " " },
        "Version=tab" => new SupervisionPolicy { Version = "a\tb" },
        "CompletionDelay=-1h" => new SupervisionPolicy { CompletionDelay = Duration.FromHours(-1) },
        "StallAfter=0" => new SupervisionPolicy { StallAfter = Duration.Zero },
        "StallAfter=400d" => new SupervisionPolicy { StallAfter = Duration.FromDays(400) },
        "StallAfter=365d+1tick" => new SupervisionPolicy { StallAfter = Duration.FromDays(365) + Duration.FromTicks(1) },
        "StallAfter=36h,CalendarDays" => new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromHours(36) },
        "StallMeasure=99" => new SupervisionPolicy { StallMeasure = (StallMeasure)99 },
        "ReminderInterval=366d" => new SupervisionPolicy { ReminderInterval = Duration.FromDays(366) },
        "RequestRejectionsForAppeal=0" => new SupervisionPolicy { RequestRejectionsForAppeal = 0 },
        "DeliveryRejectionsForAppeal=1001" => new SupervisionPolicy { DeliveryRejectionsForAppeal = 1_001 },
        "SellerAppeal=99" => new SupervisionPolicy { SellerAppeal = (SellerAppealRule)99 },
        "LongOpenAfter=12h" => new SupervisionPolicy { LongOpenAfter = Duration.FromHours(12) },
        "AppealDecisionWorkingDays=0" => new SupervisionPolicy { AppealDecisionWorkingDays = 0 },
        "WorkingDays=none" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek>() },
        "WorkingDays=8" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Monday, (IsoDayOfWeek)8 } },
        "Holidays=null" => new SupervisionPolicy { Holidays = null! },
        "TimeZone=null" => new SupervisionPolicy { TimeZone = null! },
        "MaxTextLength=0" => new SupervisionPolicy { MaxTextLength = 0 },
        "MaxReferences=1" => new SupervisionPolicy { MaxReferences = 1 },
        "MaxTemplateFields=0" => new SupervisionPolicy { MaxTemplateFields = 0 },
        "KindsWithRequestStep=null" => new SupervisionPolicy { KindsWithRequestStep = null! },
        "KindsWithRequestStep=99" => new SupervisionPolicy { KindsWithRequestStep = new HashSet<ProductKind> { (ProductKind)99 } },
        "ReferenceSchemes=none" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string>() },
        "ReferenceSchemes=https:" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "https:" } },
        _ => throw new ArgumentOutOfRangeException(nameof(setting)),
    };

    [Theory]
    [MemberData(nameof(PolicyMessages))]
    public void Policy_out_of_range_names_the_option_and_says_its_range(string setting, string option, string message)
    {
        var policy = Policy(setting);

        var validate = policy.Validate;

        var thrown = validate.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be(option);
        thrown.Message.Should().Be($"{message} (Parameter '{option}')");
    }

    [Fact]
    public void Policy_catalog_built_directly_still_checks_each_policy()
    {
        var build = () => new PolicyCatalog([new SupervisionPolicy { Version = "v2", StallAfter = Duration.Zero }]);

        build.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(SupervisionPolicy.StallAfter));
    }

    [Fact]
    public void Policy_catalog_selects_each_version_by_its_start()
    {
        var catalog = new PolicyCatalog(
        [
            new SupervisionPolicy { Version = "v1" },
            new SupervisionPolicy { Version = "v2", EffectiveFrom = Instant.FromUtc(2026, 1, 1, 0, 0) },
        ], includeDefault: false);

        catalog.ForPlacement(Instant.FromUtc(2025, 6, 1, 0, 0))!.Version.Should().Be("v1");
        catalog.ForPlacement(Instant.FromUtc(2026, 6, 1, 0, 0))!.Version.Should().Be("v2");
    }

    public static TheoryData<string, string, string> EngineOptionMessages() => new()
    {
        { "MaxCommandAttempts=0", "MaxCommandAttempts", "ServiceSupervisionOptions.MaxCommandAttempts must be from 1 to 100; it was 0." },
        { "ConflictBackoff=-1ms", "ConflictBackoff", "ServiceSupervisionOptions.ConflictBackoff must be from 0 to 10 seconds; it was -00:00:00.0010000." },
        { "TimerSweepBatchSize=0", "TimerSweepBatchSize", "ServiceSupervisionOptions.TimerSweepBatchSize must be from 1 to 10,000; it was 0." },
        { "TimerSweepBatchSize=10001", "TimerSweepBatchSize", "ServiceSupervisionOptions.TimerSweepBatchSize must be from 1 to 10,000; it was 10,001." },
        { "MaxSearchPageSize=0", "MaxSearchPageSize", "ServiceSupervisionOptions.MaxSearchPageSize must be from 1 to 10,000; it was 0." },
        { "MaxSearchPageSize=10001", "MaxSearchPageSize", "ServiceSupervisionOptions.MaxSearchPageSize must be from 1 to 10,000; it was 10,001." },
        { "EventHandlerTimeout=0", "EventHandlerTimeout", "ServiceSupervisionOptions.EventHandlerTimeout must be from 00:00:00.0010000 to 01:00:00; it was 00:00:00." },
        { "EventHandlerTimeout=1h+1ms", "EventHandlerTimeout", "ServiceSupervisionOptions.EventHandlerTimeout must be from 00:00:00.0010000 to 01:00:00; it was 01:00:00.0010000." },
        { "FailureRetryDelay=0", "FailureRetryDelay", "ServiceSupervisionOptions.FailureRetryDelay must be from 00:00:00.0010000 to 1.00:00:00; it was 00:00:00." },
        { "MaxFailureRetryDelay<FailureRetryDelay", "MaxFailureRetryDelay", "ServiceSupervisionOptions.MaxFailureRetryDelay must be from 00:00:30 to 7.00:00:00; it was 00:00:29." },
        { "MaxFailureRetryDelay=8d", "MaxFailureRetryDelay", "ServiceSupervisionOptions.MaxFailureRetryDelay must be from 00:00:30 to 7.00:00:00; it was 8.00:00:00." },
        { "NoPolicyAtAll", "IncludeDefaultPolicy", "ServiceSupervisionOptions.IncludeDefaultPolicy is false and ServiceSupervisionOptions.Policies is empty, so no order could get a flow; add a policy, or set IncludeDefaultPolicy to true." },
    };

    private static ServiceSupervisionOptions Options(string setting) => setting switch
    {
        "MaxCommandAttempts=0" => new ServiceSupervisionOptions { MaxCommandAttempts = 0 },
        "ConflictBackoff=-1ms" => new ServiceSupervisionOptions { ConflictBackoff = TimeSpan.FromMilliseconds(-1) },
        "TimerSweepBatchSize=0" => new ServiceSupervisionOptions { TimerSweepBatchSize = 0 },
        "TimerSweepBatchSize=10001" => new ServiceSupervisionOptions { TimerSweepBatchSize = 10_001 },
        "MaxSearchPageSize=0" => new ServiceSupervisionOptions { MaxSearchPageSize = 0 },
        "MaxSearchPageSize=10001" => new ServiceSupervisionOptions { MaxSearchPageSize = 10_001 },
        "EventHandlerTimeout=0" => new ServiceSupervisionOptions { EventHandlerTimeout = TimeSpan.Zero },
        "EventHandlerTimeout=1h+1ms" => new ServiceSupervisionOptions { EventHandlerTimeout = TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1) },
        "FailureRetryDelay=0" => new ServiceSupervisionOptions { FailureRetryDelay = TimeSpan.Zero },
        "MaxFailureRetryDelay<FailureRetryDelay" => new ServiceSupervisionOptions { MaxFailureRetryDelay = TimeSpan.FromSeconds(29) },
        "MaxFailureRetryDelay=8d" => new ServiceSupervisionOptions { MaxFailureRetryDelay = TimeSpan.FromDays(8) },
        "NoPolicyAtAll" => new ServiceSupervisionOptions { IncludeDefaultPolicy = false },
        _ => throw new ArgumentOutOfRangeException(nameof(setting)),
    };

    [Theory]
    [MemberData(nameof(EngineOptionMessages))]
    public void Engine_option_out_of_range_names_the_option_and_says_its_range(string setting, string option, string message)
    {
        var options = Options(setting);

        var validate = options.Validate;

        var thrown = validate.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be(option);
        thrown.Message.Should().StartWith(message);
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(100, 10_000, 10_000, 3_600_000)]
    public void Engine_options_at_the_ends_of_their_ranges_are_accepted(int attempts, int batch, int page, int timeoutMs)
    {
        var options = new ServiceSupervisionOptions
        {
            MaxCommandAttempts = attempts,
            TimerSweepBatchSize = batch,
            MaxSearchPageSize = page,
            EventHandlerTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            FailureRetryDelay = TimeSpan.FromMilliseconds(timeoutMs == 1 ? 1 : 86_400_000),
            MaxFailureRetryDelay = TimeSpan.FromDays(7),
            ConflictBackoff = timeoutMs == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(10),
        };

        var validate = options.Validate;

        validate.Should().NotThrow();
    }
}
