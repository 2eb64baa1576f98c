using KooGallery.Supervision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Tests.Behaviour;

/// <summary>Out-of-range policies and options make the supervisor refuse to start (ArgumentException).</summary>
public class PolicyValidationTests
{
    private static readonly Instant March26 = Instant.FromUtc(2025, 3, 26, 0, 0);

    private static SupervisionPolicy[] InvalidPolicies(string name) => name switch
    {
        "StallAfterZero" => [new SupervisionPolicy { StallAfter = Duration.Zero }],
        "StallAfterNegative" => [new SupervisionPolicy { StallAfter = Duration.FromDays(-1) }],
        "StallAfterNotWholeCalendarDays" => [new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromHours(36) }],
        "RequestRejectionsForAppealZero" => [new SupervisionPolicy { RequestRejectionsForAppeal = 0 }],
        "DeliveryRejectionsForAppealZero" => [new SupervisionPolicy { DeliveryRejectionsForAppeal = 0 }],
        "CompletionDelayNegative" => [new SupervisionPolicy { CompletionDelay = Duration.FromHours(-3) }],
        "ReminderIntervalNegative" => [new SupervisionPolicy { ReminderInterval = Duration.FromHours(-1) }],
        "LongOpenAfterZero" => [new SupervisionPolicy { LongOpenAfter = Duration.Zero }],
        "AppealDecisionWorkingDaysZero" => [new SupervisionPolicy { AppealDecisionWorkingDays = 0 }],
        "NoWorkingDays" => [new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek>() }],
        "NullTimeZone" => [new SupervisionPolicy { TimeZone = null! }],
        "MaxTextLengthZero" => [new SupervisionPolicy { MaxTextLength = 0 }],
        "MaxReferencesOne" => [new SupervisionPolicy { MaxReferences = 1 }],
        "BlankVersion" => [new SupervisionPolicy { Version = " " }],
        "DuplicateVersionNames" =>
        [
            new SupervisionPolicy { Version = "v1" },
            new SupervisionPolicy { Version = "v1", EffectiveFrom = March26 },
        ],
        "SameEffectiveFrom" =>
        [
            new SupervisionPolicy { Version = "v1", EffectiveFrom = March26 },
            new SupervisionPolicy { Version = "v2", EffectiveFrom = March26 },
        ],
        "NullPolicy" => [null!],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> InvalidPolicyNames() => new(
        "StallAfterZero", "StallAfterNegative", "StallAfterNotWholeCalendarDays", "RequestRejectionsForAppealZero",
        "DeliveryRejectionsForAppealZero", "CompletionDelayNegative", "ReminderIntervalNegative", "LongOpenAfterZero",
        "AppealDecisionWorkingDaysZero", "NoWorkingDays", "NullTimeZone", "MaxTextLengthZero", "MaxReferencesOne",
        "BlankVersion", "DuplicateVersionNames", "SameEffectiveFrom", "NullPolicy");

    private static ServiceSupervisor Construct(ServiceSupervisionOptions options) =>
        new(new InMemoryServiceFlowStore(), new FakeClock(TestHost.Start), options);

    [Theory]
    [MemberData(nameof(InvalidPolicyNames))]
    public void ServiceSupervisor_InvalidPolicy_ThrowsArgumentException(string name)
    {
        var options = new ServiceSupervisionOptions();
        foreach (var policy in InvalidPolicies(name))
        {
            options.Policies.Add(policy);
        }

        var construct = () => Construct(options);

        construct.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("StallAfterZero", "StallAfter")]
    [InlineData("RequestRejectionsForAppealZero", "RequestRejectionsForAppeal")]
    [InlineData("MaxTextLengthZero", "MaxTextLength")]
    [InlineData("DuplicateVersionNames", "v1")]
    public void ServiceSupervisor_InvalidPolicy_MessageNamesTheOffendingOption(string name, string named)
    {
        var options = new ServiceSupervisionOptions();
        foreach (var policy in InvalidPolicies(name))
        {
            options.Policies.Add(policy);
        }

        var construct = () => Construct(options);

        construct.Should().Throw<ArgumentException>().Which.Message.Should().Contain(named);
    }

    [Theory]
    [InlineData(0, 200, 500)]
    [InlineData(101, 200, 500)]
    [InlineData(3, 0, 500)]
    [InlineData(3, 10_001, 500)]
    [InlineData(3, 200, 0)]
    [InlineData(3, 200, 10_001)]
    public void ServiceSupervisor_EngineOptionOutOfRange_ThrowsArgumentException(int attempts, int sweepBatch, int pageSize)
    {
        var options = new ServiceSupervisionOptions { MaxCommandAttempts = attempts, TimerSweepBatchSize = sweepBatch, MaxSearchPageSize = pageSize };

        var construct = () => Construct(options);

        construct.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ServiceSupervisor_ValidEdgeValues_Constructs()
    {
        var options = new ServiceSupervisionOptions { MaxCommandAttempts = 1, TimerSweepBatchSize = 10_000, MaxSearchPageSize = 1 };
        options.Policies.Add(new SupervisionPolicy
        {
            Version = "old",
            CompletionDelay = Duration.Zero,
            ReminderInterval = Duration.Zero,
            RequestRejectionsForAppeal = 1,
            DeliveryRejectionsForAppeal = 1,
            MaxTextLength = 1,
            MaxReferences = 2,
            StallMeasure = StallMeasure.CalendarDays,
            StallAfter = Duration.FromDays(5),
        });
        options.Policies.Add(new SupervisionPolicy { Version = "2025-03-26", EffectiveFrom = March26 });

        var supervisor = Construct(options);

        supervisor.PolicyFor(March26)!.Version.Should().Be("2025-03-26");
        supervisor.PolicyFor(March26 - Duration.FromTicks(1))!.Version.Should().Be("old");
    }

    [Fact]
    public async Task AddServiceSupervision_InvalidPolicy_TheHostFailsAtStartNamingTheField()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddServiceSupervision(o => o.Policies.Add(new SupervisionPolicy { StallAfter = Duration.Zero }));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>("the options are validated on start, before anything resolves the supervisor"))
            .Which.Message.Should().Contain("StallAfter");
    }

    [Fact]
    public void AddServiceSupervision_InvalidPolicy_RegisteringDefersTheCheckToTheStart()
    {
        var services = new ServiceCollection();

        var register = () => services.AddServiceSupervision(o => o.Policies.Add(new SupervisionPolicy { StallAfter = Duration.Zero }));

        register.Should().NotThrow("configuration runs once, in the options pipeline, so options bound from configuration are checked the same way");
    }

    [Fact]
    public void AddServiceSupervision_PolicyMadeInvalidAfterRegistration_ResolvingTheSupervisorThrowsArgumentException()
    {
        var services = new ServiceCollection();
        services.AddServiceSupervision();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ServiceSupervisionOptions>().Policies.Add(new SupervisionPolicy { StallAfter = Duration.Zero });

        var resolve = () => provider.GetRequiredService<ServiceSupervisor>();

        resolve.Should().Throw<ArgumentException>().Which.Message.Should().Contain("StallAfter");
    }

    // ------------------------------------------------ each range at both ends (found by mutation testing, docs/testing.md)

    private static readonly Duration Tick = Duration.FromTicks(1);

    /// <summary>Each option at the ends of its documented range (valid) and one step beyond them (invalid).</summary>
    public static TheoryData<string, bool> RangeEdges() => new()
    {
        { "CompletionDelay=0", true }, { "CompletionDelay=-tick", false }, { "CompletionDelay=365d", true }, { "CompletionDelay=365d+tick", false },
        { "StallAfter=1m", true }, { "StallAfter=1m-tick", false }, { "StallAfter=365d", true }, { "StallAfter=365d+tick", false },
        { "ReminderInterval=0", true }, { "ReminderInterval=-tick", false }, { "ReminderInterval=365d", true }, { "ReminderInterval=365d+tick", false },
        { "RequestRejectionsForAppeal=1000", true }, { "RequestRejectionsForAppeal=1001", false },
        { "DeliveryRejectionsForAppeal=1", true }, { "DeliveryRejectionsForAppeal=1000", true }, { "DeliveryRejectionsForAppeal=1001", false },
        { "LongOpenAfter=1d", true }, { "LongOpenAfter=1d-tick", false }, { "LongOpenAfter=3650d", true }, { "LongOpenAfter=3650d+tick", false },
        { "AppealDecisionWorkingDays=1", true }, { "AppealDecisionWorkingDays=60", true }, { "AppealDecisionWorkingDays=61", false },
        { "MaxTextLength=1000000", true }, { "MaxTextLength=1000001", false },
        { "MaxReferences=1000", true }, { "MaxReferences=1001", false },
        { "MaxTemplateFields=1", true }, { "MaxTemplateFields=0", false }, { "MaxTemplateFields=1000", true }, { "MaxTemplateFields=1001", false },
        { "WorkingDays=Sunday", true }, { "WorkingDays=Monday", true }, { "WorkingDays=None", false }, { "WorkingDays=8", false },
        { "Version=200 characters", true }, { "Version=201 characters", false },
        { "ReferenceSchemes=x", true }, { "ReferenceSchemes=none", false }, { "ReferenceSchemes=https:", false }, { "ReferenceSchemes=1a", false },
        { "ReferenceSchemes=a+b-c.d", true }, { "ReferenceSchemes=empty", false },
        { "KindsWithRequestStep=none", true }, { "KindsWithRequestStep=99", false },
        { "StallMeasure=99", false }, { "SellerAppeal=99", false },
        { "StallMeasure=CalendarDays,StallAfter=1d", true }, { "StallMeasure=CalendarDays,StallAfter=1d+1m", false },
        { "StallMeasure=CalendarDays,StallAfter=1d+1s", false }, { "StallMeasure=CalendarDays,StallAfter=1d+1ns", false },
        { "StallMeasure=ElapsedTime,StallAfter=1d+1ns", true },
    };

    [Theory]
    [MemberData(nameof(RangeEdges))]
    public void Policy_ranges_hold_at_both_ends(string setting, bool valid)
    {
        var policy = setting switch
        {
            "CompletionDelay=0" => new SupervisionPolicy { CompletionDelay = Duration.Zero },
            "CompletionDelay=-tick" => new SupervisionPolicy { CompletionDelay = -Tick },
            "CompletionDelay=365d" => new SupervisionPolicy { CompletionDelay = Duration.FromDays(365) },
            "CompletionDelay=365d+tick" => new SupervisionPolicy { CompletionDelay = Duration.FromDays(365) + Tick },
            "StallAfter=1m" => new SupervisionPolicy { StallAfter = Duration.FromMinutes(1) },
            "StallAfter=1m-tick" => new SupervisionPolicy { StallAfter = Duration.FromMinutes(1) - Tick },
            "StallAfter=365d" => new SupervisionPolicy { StallAfter = Duration.FromDays(365) },
            "StallAfter=365d+tick" => new SupervisionPolicy { StallAfter = Duration.FromDays(365) + Tick },
            "ReminderInterval=0" => new SupervisionPolicy { ReminderInterval = Duration.Zero },
            "ReminderInterval=-tick" => new SupervisionPolicy { ReminderInterval = -Tick },
            "ReminderInterval=365d" => new SupervisionPolicy { ReminderInterval = Duration.FromDays(365) },
            "ReminderInterval=365d+tick" => new SupervisionPolicy { ReminderInterval = Duration.FromDays(365) + Tick },
            "RequestRejectionsForAppeal=1000" => new SupervisionPolicy { RequestRejectionsForAppeal = 1000 },
            "RequestRejectionsForAppeal=1001" => new SupervisionPolicy { RequestRejectionsForAppeal = 1001 },
            "DeliveryRejectionsForAppeal=1" => new SupervisionPolicy { DeliveryRejectionsForAppeal = 1 },
            "DeliveryRejectionsForAppeal=1000" => new SupervisionPolicy { DeliveryRejectionsForAppeal = 1000 },
            "DeliveryRejectionsForAppeal=1001" => new SupervisionPolicy { DeliveryRejectionsForAppeal = 1001 },
            "LongOpenAfter=1d" => new SupervisionPolicy { LongOpenAfter = Duration.FromDays(1) },
            "LongOpenAfter=1d-tick" => new SupervisionPolicy { LongOpenAfter = Duration.FromDays(1) - Tick },
            "LongOpenAfter=3650d" => new SupervisionPolicy { LongOpenAfter = Duration.FromDays(3650) },
            "LongOpenAfter=3650d+tick" => new SupervisionPolicy { LongOpenAfter = Duration.FromDays(3650) + Tick },
            "AppealDecisionWorkingDays=1" => new SupervisionPolicy { AppealDecisionWorkingDays = 1 },
            "AppealDecisionWorkingDays=60" => new SupervisionPolicy { AppealDecisionWorkingDays = 60 },
            "AppealDecisionWorkingDays=61" => new SupervisionPolicy { AppealDecisionWorkingDays = 61 },
            "MaxTextLength=1000000" => new SupervisionPolicy { MaxTextLength = 1_000_000 },
            "MaxTextLength=1000001" => new SupervisionPolicy { MaxTextLength = 1_000_001 },
            "MaxReferences=1000" => new SupervisionPolicy { MaxReferences = 1000 },
            "MaxReferences=1001" => new SupervisionPolicy { MaxReferences = 1001 },
            "MaxTemplateFields=1" => new SupervisionPolicy { MaxTemplateFields = 1 },
            "MaxTemplateFields=0" => new SupervisionPolicy { MaxTemplateFields = 0 },
            "MaxTemplateFields=1000" => new SupervisionPolicy { MaxTemplateFields = 1000 },
            "MaxTemplateFields=1001" => new SupervisionPolicy { MaxTemplateFields = 1001 },
            "WorkingDays=Sunday" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Sunday } },
            "WorkingDays=Monday" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Monday } },
            "WorkingDays=None" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.None } },
            "WorkingDays=8" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { (IsoDayOfWeek)8 } },
            "Version=200 characters" => new SupervisionPolicy { Version = new string('v', 200) },
            "Version=201 characters" => new SupervisionPolicy { Version = new string('v', 201) },
            "ReferenceSchemes=x" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "x" } },
            "ReferenceSchemes=none" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string>() },
            "ReferenceSchemes=https:" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "https:" } },
            "ReferenceSchemes=1a" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "1a" } },
            "ReferenceSchemes=a+b-c.d" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "a+b-c.d" } },
            "ReferenceSchemes=empty" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "" } },
            "KindsWithRequestStep=none" => new SupervisionPolicy { KindsWithRequestStep = new HashSet<ProductKind>() },
            "KindsWithRequestStep=99" => new SupervisionPolicy { KindsWithRequestStep = new HashSet<ProductKind> { (ProductKind)99 } },
            "StallMeasure=99" => new SupervisionPolicy { StallMeasure = (StallMeasure)99 },
            "SellerAppeal=99" => new SupervisionPolicy { SellerAppeal = (SellerAppealRule)99 },
            "StallMeasure=CalendarDays,StallAfter=1d" => new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromDays(1) },
            "StallMeasure=CalendarDays,StallAfter=1d+1m" => new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromDays(1) + Duration.FromMinutes(1) },
            "StallMeasure=CalendarDays,StallAfter=1d+1s" => new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromDays(1) + Duration.FromSeconds(1) },
            "StallMeasure=CalendarDays,StallAfter=1d+1ns" => new SupervisionPolicy { StallMeasure = StallMeasure.CalendarDays, StallAfter = Duration.FromDays(1) + Duration.FromNanoseconds(1) },
            "StallMeasure=ElapsedTime,StallAfter=1d+1ns" => new SupervisionPolicy { StallMeasure = StallMeasure.ElapsedTime, StallAfter = Duration.FromDays(1) + Duration.FromNanoseconds(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };
        var option = setting[..setting.IndexOf('=', StringComparison.Ordinal)];
        option = option == "StallMeasure" && setting.Contains("StallAfter", StringComparison.Ordinal) ? "StallAfter" : option;

        var validate = () => policy.Validate();

        if (valid)
        {
            validate.Should().NotThrow();
        }
        else
        {
            validate.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(option);
        }
    }
}
