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
}
