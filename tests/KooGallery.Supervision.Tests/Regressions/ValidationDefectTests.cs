using KooGallery.Supervision.Tests.Support;
using KooGallery.Supervision.Tests.Behaviour;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Tests.Regressions;

/// <summary>
/// Regression tests for the validation findings of the hostile review: each name says the defect it
/// guards. A refusal is a typed Validation error that changes nothing; an option out of its range is
/// an ArgumentException naming the option; nothing overflows.
/// </summary>
public class ValidationDefectTests
{
    private static readonly Instant EndOfTime = Instant.MaxValue;

    private static async Task ShouldCreateNothingAsync(TestHost host, SupervisionResult<ServiceFlow> result, params string[] fields)
    {
        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation, result.Error.ToString());
        result.Error.Fields.Select(f => f.Field).Should().BeEquivalentTo(fields);
        ((InMemoryServiceFlowStore)host.Store).Count.Should().Be(0);
        (await host.Store.ReadPendingEventsAsync(Instant.MaxValue, 100, CancellationToken.None)).Should().BeEmpty();
        host.Events.Received.Should().BeEmpty();
    }

    private static ServiceSupervisor Construct(ServiceSupervisionOptions options) =>
        new(new InMemoryServiceFlowStore(), new FakeClock(TestHost.Start), options);

    // ---- 1. currency and the other text of a new flow ----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task Defect_CurrencyThatIsNotThreeUpperCaseAsciiLetters_IsValidationNamingAnExampleAndCreatesNothing(int sample)
    {
        // Built here, not in the attribute: test discovery would not keep a lone surrogate intact.
        var currency = sample switch
        {
            0 => "EU\0",
            1 => "EU\n",
            2 => "EU" + (char)0xD800,
            3 => "eur",
            4 => "E1R",
            5 => "ÉUR",
            6 => "ＥＵＲ",
            _ => "EU ",
        };
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { Currency = currency });

        await ShouldCreateNothingAsync(host, result, "Currency");
        result.Error!.Fields[0].Message.Should().Contain("EUR");
    }

    [Fact]
    public async Task Defect_CurrencyWithALoneSurrogate_IsRefusedSoARetryWithTheSameDataIsNeverAConflict()
    {
        var host = new TestHost();
        var order = TestHost.Order() with { Currency = "CN" + (char)0xDC00 };

        var first = await host.Supervisor.CreateFlowAsync(order);
        var retry = await host.Supervisor.CreateFlowAsync(order);

        first.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        retry.Error!.Code.Should().Be(SupervisionErrorCode.Validation, "nothing was stored that a retry could differ from");
    }

    [Fact]
    public async Task Defect_TemplateFieldNameLongerThanTheMaximum_IsValidationAndCreatesNothing()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with
        {
            RequestTemplate = [new TemplateField("Target version"), new TemplateField(new string('n', 201))],
        });

        await ShouldCreateNothingAsync(host, result, "RequestTemplate[1]");
        result.Error!.Message.Should().Contain("200");
    }

    [Fact]
    public async Task Defect_TemplateFieldNameWithAZeroWidthSpace_IsValidationAndCreatesNothing()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { DeliveryTemplate = [new TemplateField("Report\u200B")] });

        await ShouldCreateNothingAsync(host, result, "DeliveryTemplate[0]");
    }

    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1000000000000000.01")]
    public async Task Defect_AmountPaidAboveTheMaximum_IsValidationAndCreatesNothing(string amount)
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) });

        await ShouldCreateNothingAsync(host, result, "AmountPaid");
    }

    [Fact]
    public async Task Defect_AmountPaidAtTheMaximum_IsAccepted()
    {
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { AmountPaid = 1_000_000_000_000_000m });

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    // ---- 2. instants near the ends of time ----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Defect_PlacedAtOutsideTheSupportedRange_IsValidationNotAnOverflow(int sample)
    {
        var placedAt = sample switch
        {
            0 => Instant.MaxValue,
            1 => Instant.MaxValue - Duration.FromDays(1),
            2 => Instant.MinValue,
            3 => Instant.FromUtc(1900, 1, 1, 0, 0) - Duration.Epsilon,
            _ => Instant.FromUtc(2200, 1, 1, 0, 0),
        };
        var host = new TestHost();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order(placedAt: placedAt));

        await ShouldCreateNothingAsync(host, result, "PlacedAt");
        result.Error!.Message.Should().Contain("1900").And.Contain("2199");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Defect_PlacedAtAtTheEdgesOfTheSupportedRange_IsAccepted(int sample)
    {
        var placedAt = sample == 0 ? Instant.FromUtc(1900, 1, 1, 0, 0) : Instant.FromUtc(2200, 1, 1, 0, 0) - Duration.Epsilon;
        // Without a limit on placements after now (ServiceSupervisionOptions.PlacementClockTolerance): the range alone is judged.
        var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), new FakeClock(TestHost.Start), new ServiceSupervisionOptions { PlacementClockTolerance = null });

        var result = await supervisor.CreateFlowAsync(TestHost.Order(placedAt: placedAt));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        // 180 days after placement, but never before the flow was created (an order placed long ago is long open at once).
        var longOpen = placedAt + Duration.FromDays(180);
        result.Value.LongOpenDueAt.Should().Be(longOpen > TestHost.Start ? longOpen : TestHost.Start);
    }

    [Theory]
    [InlineData("Etc/UTC", StallMeasure.ElapsedTime)]
    [InlineData("Asia/Shanghai", StallMeasure.CalendarDays)]
    [InlineData("America/New_York", StallMeasure.CalendarDays)]
    public async Task Defect_ClockNearTheEndOfTime_AFlowRunsToCompletionWithTimersThatSaturateInsteadOfOverflowing(string zoneId, StallMeasure measure)
    {
        var clock = new FakeClock(EndOfTime - Duration.FromHours(1));
        var policy = new SupervisionPolicy { TimeZone = DateTimeZoneProviders.Tzdb[zoneId], StallMeasure = measure };
        var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), clock, new ServiceSupervisionOptions { Policies = { policy } });

        var created = await supervisor.CreateFlowAsync(TestHost.Order());
        (await supervisor.ExecuteAsync(new SubmitRequest("c-1", "ORD-1", TestHost.Buyer, "Please migrate."))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new AcceptRequest("c-2", "ORD-1", TestHost.Seller))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new Deliver("c-3", "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new AcceptDelivery("c-4", "ORD-1", TestHost.Buyer))).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new OpenAppeal("c-5", "ORD-1", TestHost.Seller, "The buyer accepted but disputes the invoice."))).GetValueOrThrow();
        var frozen = (await supervisor.GetViewAsync("ORD-1", TestHost.Manager)).GetValueOrThrow();
        (await supervisor.ExecuteAsync(new DecideAppeal("c-6", "ORD-1", TestHost.Manager, "Go on.", AppealOutcome.Resume))).GetValueOrThrow();
        var resumed = (await supervisor.GetViewAsync("ORD-1", TestHost.Buyer)).GetValueOrThrow();
        clock.Advance(Duration.FromHours(1));
        await supervisor.ApplyDueTimersAsync();
        var end = (await supervisor.GetViewAsync("ORD-1", TestHost.Buyer)).GetValueOrThrow();

        created.Value.StallDueAt.Should().Be(EndOfTime, "a timer past the end of time saturates");
        frozen.Appeal!.DecisionDueAt.Should().Be(EndOfTime);
        frozen.Appeal.OverdueAt.Should().Be(EndOfTime);
        resumed.CompletionDueAt.Should().Be(EndOfTime);
        end.Stage.Should().Be(Stage.Completed);
        end.CompletedAt.Should().Be(EndOfTime);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Kiritimati")]
    public async Task Defect_ClockNearTheStartOfTime_CreatingAndAppealingDoNotThrow(string zoneId)
    {
        var clock = new FakeClock(Instant.MinValue + Duration.FromHours(1));
        var policy = new SupervisionPolicy { TimeZone = DateTimeZoneProviders.Tzdb[zoneId], StallMeasure = StallMeasure.CalendarDays };
        var supervisor = new ServiceSupervisor(new InMemoryServiceFlowStore(), clock, new ServiceSupervisionOptions { Policies = { policy }, PlacementClockTolerance = null });

        var created = await supervisor.CreateFlowAsync(TestHost.Order());
        var appealed = await supervisor.ExecuteAsync(new OpenAppeal("c-1", "ORD-1", TestHost.Seller, "The buyer does not answer."));

        created.IsSuccess.Should().BeTrue(created.Error?.Message);
        created.Value.StallDueAt!.Value.Should().BeGreaterThan(clock.GetCurrentInstant());
        appealed.IsSuccess.Should().BeTrue(appealed.Error?.Message);
    }

    [Fact]
    public async Task Defect_EnablingInstantAtTheStartOfTime_IsValidationNotAnOverflow()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc, EnablingInstant: Instant.MinValue));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle().Which.Field.Should().Be("EnablingInstant");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public void Defect_InstantPlusDuration_SaturatesAtBothEndsOfTime()
    {
        var year = Duration.FromDays(365);

        Internal.InstantMath.PlusSaturating(Instant.MaxValue - Duration.FromHours(1), year).Should().Be(Instant.MaxValue);
        Internal.InstantMath.PlusSaturating(Instant.MaxValue, Duration.Epsilon).Should().Be(Instant.MaxValue);
        Internal.InstantMath.PlusSaturating(Instant.MinValue + Duration.FromHours(1), -year).Should().Be(Instant.MinValue);
        Internal.InstantMath.PlusSaturating(Instant.MaxValue - year, year).Should().Be(Instant.MaxValue);
        Internal.InstantMath.PlusSaturating(TestHost.Start, year).Should().Be(TestHost.Start + year);
        Internal.InstantMath.PlusSaturating(TestHost.Start, Duration.MaxValue).Should().Be(Instant.MaxValue);
        Internal.InstantMath.PlusSaturating(TestHost.Start, Duration.MinValue).Should().Be(Instant.MinValue);
    }

    // ---- 3. policy and option ranges ----

    private static SupervisionPolicy OutOfRangePolicy(string name) => name switch
    {
        "CompletionDelay" => new SupervisionPolicy { CompletionDelay = Duration.FromDays(20_000 * 365) },
        "StallAfter" => new SupervisionPolicy { StallAfter = Duration.FromDays(20_000 * 365) },
        "StallAfter/short" => new SupervisionPolicy { StallAfter = Duration.FromSeconds(30) },
        "ReminderInterval" => new SupervisionPolicy { ReminderInterval = Duration.FromDays(20_000 * 365) },
        "LongOpenAfter" => new SupervisionPolicy { LongOpenAfter = Duration.FromDays(20_000 * 365) },
        "LongOpenAfter/short" => new SupervisionPolicy { LongOpenAfter = Duration.FromHours(23) },
        "AppealDecisionWorkingDays" => new SupervisionPolicy { AppealDecisionWorkingDays = int.MaxValue },
        "AppealDecisionWorkingDays/61" => new SupervisionPolicy { AppealDecisionWorkingDays = 61 },
        "WorkingDays" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.None } },
        "WorkingDays/undefined" => new SupervisionPolicy { WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Monday, (IsoDayOfWeek)8 } },
        "RequestRejectionsForAppeal" => new SupervisionPolicy { RequestRejectionsForAppeal = 1001 },
        "DeliveryRejectionsForAppeal" => new SupervisionPolicy { DeliveryRejectionsForAppeal = 1001 },
        "MaxTextLength" => new SupervisionPolicy { MaxTextLength = 1_000_001 },
        "MaxReferences" => new SupervisionPolicy { MaxReferences = 1001 },
        "StallMeasure" => new SupervisionPolicy { StallMeasure = (StallMeasure)9 },
        "SellerAppeal" => new SupervisionPolicy { SellerAppeal = (SellerAppealRule)9 },
        "KindsWithRequestStep" => new SupervisionPolicy { KindsWithRequestStep = new HashSet<ProductKind> { (ProductKind)77 } },
        "ReferenceSchemes" => new SupervisionPolicy { ReferenceSchemes = new HashSet<string> { "https:" } },
        "Version" => new SupervisionPolicy { Version = "v1\0" },
        "Version/long" => new SupervisionPolicy { Version = new string('v', 201) },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("CompletionDelay")]
    [InlineData("StallAfter")]
    [InlineData("StallAfter/short")]
    [InlineData("ReminderInterval")]
    [InlineData("LongOpenAfter")]
    [InlineData("LongOpenAfter/short")]
    [InlineData("AppealDecisionWorkingDays")]
    [InlineData("AppealDecisionWorkingDays/61")]
    [InlineData("WorkingDays")]
    [InlineData("WorkingDays/undefined")]
    [InlineData("RequestRejectionsForAppeal")]
    [InlineData("DeliveryRejectionsForAppeal")]
    [InlineData("MaxTextLength")]
    [InlineData("MaxReferences")]
    [InlineData("StallMeasure")]
    [InlineData("SellerAppeal")]
    [InlineData("KindsWithRequestStep")]
    [InlineData("ReferenceSchemes")]
    [InlineData("Version")]
    [InlineData("Version/long")]
    public void Defect_PolicyOptionOutOfItsRange_IsAnArgumentExceptionNamingTheOptionWhenTheSupervisorIsBuilt(string name)
    {
        var option = name.Split('/')[0];
        var options = new ServiceSupervisionOptions { Policies = { OutOfRangePolicy(name) } };

        var construct = () => Construct(options);

        var thrown = construct.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be(option);
        thrown.Message.Should().Contain(option);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(10_001L)]
    [InlineData(long.MaxValue)]
    public void Defect_ConflictBackoffOutOfItsRange_IsAnArgumentExceptionNamingTheOption(long milliseconds)
    {
        var backoff = milliseconds == long.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(milliseconds);
        var options = new ServiceSupervisionOptions { ConflictBackoff = backoff };

        var construct = () => Construct(options);

        construct.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(ServiceSupervisionOptions.ConflictBackoff));
    }

    [Fact]
    public void Defect_EveryPolicyOptionAtTheEdgesOfItsRange_IsAccepted()
    {
        var options = new ServiceSupervisionOptions
        {
            MaxCommandAttempts = 100,
            ConflictBackoff = TimeSpan.FromSeconds(10),
            Policies =
            {
                new SupervisionPolicy
                {
                    Version = "low",
                    CompletionDelay = Duration.Zero,
                    StallAfter = Duration.FromMinutes(1),
                    ReminderInterval = Duration.Zero,
                    LongOpenAfter = Duration.FromDays(1),
                    AppealDecisionWorkingDays = 1,
                    RequestRejectionsForAppeal = 1,
                    DeliveryRejectionsForAppeal = 1,
                    MaxTextLength = 1,
                    MaxReferences = 2,
                    WorkingDays = new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Sunday },
                },
                new SupervisionPolicy
                {
                    Version = "high",
                    EffectiveFrom = Instant.FromUtc(2025, 3, 26, 0, 0),
                    CompletionDelay = Duration.FromDays(365),
                    StallAfter = Duration.FromDays(365),
                    ReminderInterval = Duration.FromDays(365),
                    LongOpenAfter = Duration.FromDays(3650),
                    AppealDecisionWorkingDays = 60,
                    RequestRejectionsForAppeal = 1000,
                    DeliveryRejectionsForAppeal = 1000,
                    MaxTextLength = 1_000_000,
                    MaxReferences = 1000,
                },
            },
        };

        var construct = () => Construct(options);

        construct.Should().NotThrow();
    }

    [Theory]
    [InlineData(nameof(ServiceSupervisionOptions.MaxCommandAttempts))]
    [InlineData(nameof(ServiceSupervisionOptions.TimerSweepBatchSize))]
    [InlineData(nameof(ServiceSupervisionOptions.MaxSearchPageSize))]
    public void Defect_OptionsValidate_EngineNumberOutOfRange_ThrowsNamingTheOption(string option)
    {
        var options = option switch
        {
            nameof(ServiceSupervisionOptions.MaxCommandAttempts) => new ServiceSupervisionOptions { MaxCommandAttempts = 101 },
            nameof(ServiceSupervisionOptions.TimerSweepBatchSize) => new ServiceSupervisionOptions { TimerSweepBatchSize = 0 },
            _ => new ServiceSupervisionOptions { MaxSearchPageSize = 10_001 },
        };

        var validate = options.Validate;

        var thrown = validate.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be(option);
        thrown.Message.Should().Contain(option);
    }

    [Fact]
    public void Defect_OptionsValidate_PoliciesStartingAtTheSameInstant_ThrowsNamingBothVersions()
    {
        var start = Instant.FromUtc(2025, 3, 26, 0, 0);
        var options = new ServiceSupervisionOptions
        {
            Policies = { new SupervisionPolicy { Version = "spring", EffectiveFrom = start }, new SupervisionPolicy { Version = "summer", EffectiveFrom = start } },
        };

        var validate = options.Validate;

        var thrown = validate.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be(nameof(ServiceSupervisionOptions.Policies));
        thrown.Message.Should().Contain("'spring'").And.Contain("'summer'");
    }

    [Fact]
    public void Defect_OptionsValidate_DefaultsAndTheBuiltInPolicy_AreValid()
    {
        var validate = new ServiceSupervisionOptions().Validate;

        validate.Should().NotThrow();
        SupervisionPolicy.Default.Validate();
    }

    // ---- 4. a bad option fails the host at start, naming it (IOptions, ValidateOnStart) ----

    [Fact]
    public async Task Defect_AddServiceSupervision_DuplicatePolicyVersion_FailsTheHostAtStartNamingTheVersion()
    {
        using var host = HostWith(services => services.AddServiceSupervision(o =>
        {
            o.Policies.Add(new SupervisionPolicy { Version = "2025-03-26" });
            o.Policies.Add(new SupervisionPolicy { Version = "2025-03-26", EffectiveFrom = Instant.FromUtc(2025, 3, 26, 0, 0) });
        }));

        var start = () => host.StartAsync();

        var thrown = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        thrown.OptionsType.Should().Be<ServiceSupervisionOptions>();
        thrown.Message.Should().Contain("'2025-03-26'").And.Contain("ServiceSupervisionOptions.Policies");
    }

    [Fact]
    public void Defect_AddServiceSupervision_OptionOutOfRange_FailsTheFirstResolveNamingTheOptionWithoutAHost()
    {
        var services = new ServiceCollection();
        services.AddServiceSupervision(o => o.MaxCommandAttempts = 0);
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<ServiceSupervisor>();

        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(nameof(ServiceSupervisionOptions.MaxCommandAttempts));
    }

    private static IHost HostWith(Action<IServiceCollection> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        register(builder.Services);
        return builder.Build();
    }

    // ---- 5. template sizes ----

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public void Defect_MaxTemplateFieldsOutOfItsRange_IsAnArgumentExceptionNamingTheOption(int maxTemplateFields)
    {
        var options = new ServiceSupervisionOptions { Policies = { new SupervisionPolicy { MaxTemplateFields = maxTemplateFields } } };

        var validate = options.Validate;

        validate.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(SupervisionPolicy.MaxTemplateFields));
    }

    [Fact]
    public async Task Defect_TemplateWithThousandsOfFields_IsOneValidationErrorAndCreatesNothing()
    {
        var host = new TestHost();
        var fields = Enumerable.Range(0, 5_000).Select(i => new TemplateField("Field " + i)).ToArray();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { RequestTemplate = fields });

        await ShouldCreateNothingAsync(host, result, "RequestTemplate");
        result.Error!.Message.Should().Contain("5000");
    }

    [Fact]
    public async Task Defect_TemplateWithAThousandFields_IsAcceptedUnderAPolicyThatAllowsThem()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTemplateFields = 1_000 });
        var fields = Enumerable.Range(0, 1_000).Select(i => new TemplateField("Field " + i, Required: false)).ToArray();

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with { DeliveryTemplate = fields });

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    [Fact]
    public void Defect_TemplateWithMoreFieldsThanThePolicyAllows_IsOneValidationErrorNamingThePolicy()
    {
        var policy = new SupervisionPolicy { Version = "small", MaxTemplateFields = 2 };
        var order = TestHost.Order() with
        {
            RequestTemplate = [new TemplateField("A"), new TemplateField("B")],
            DeliveryTemplate = [new TemplateField("A"), new TemplateField("B"), new TemplateField("C")],
        };

        var errors = FlowCreation.ValidateUnderPolicy(order, policy);

        errors.Should().ContainSingle().Which.Field.Should().Be("DeliveryTemplate");
        errors[0].Message.Should().Contain("3 fields").And.Contain("at most 2").And.Contain("'small'");
    }

    [Fact]
    public async Task Defect_CreateFlowAsync_TemplateWithMoreFieldsThanThePolicyAllows_IsValidationAndCreatesNothing()
    {
        var host = new TestHost(new SupervisionPolicy { MaxTemplateFields = 2 });

        var result = await host.Supervisor.CreateFlowAsync(TestHost.Order() with
        {
            RequestTemplate = [new TemplateField("A"), new TemplateField("B"), new TemplateField("C")],
        });

        await ShouldCreateNothingAsync(host, result, "RequestTemplate");
    }

    [Fact]
    public async Task Defect_SubmitRequestWithThousandsOfUnknownFields_IsOneErrorNotOnePerField()
    {
        var host = new TestHost();
        await host.CreateAsync(TestHost.Order() with { RequestTemplate = [new TemplateField("Target version"), new TemplateField("Notes", Required: false)] });
        var before = await host.SnapshotAsync();
        var values = Enumerable.Range(0, 10_000).ToDictionary(i => "unknown " + i, _ => "x");

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please migrate.", values));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().Contain(f => f.Field == "Fields").And.HaveCountLessThan(3, "one error for the oversized input (and at most the required field it lacks)");
        result.Error.Message.Should().Contain("10000").And.Contain("2");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task Defect_SubmitRequestWithManyBadValues_ReportsTheFirstTwentyAndOneSummary()
    {
        var host = new TestHost();
        var template = Enumerable.Range(0, 50).Select(i => new TemplateField("Field " + i, Required: false)).ToArray();
        await host.CreateAsync(TestHost.Order() with { RequestTemplate = template });
        var before = await host.SnapshotAsync();
        var values = Enumerable.Range(0, 50).ToDictionary(i => "Field " + i, _ => "nul\0");

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please migrate.", values));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().HaveCount(21);
        result.Error.Fields[^1].Field.Should().Be("Fields");
        result.Error.Fields[^1].Message.Should().Contain("30 more");
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task Defect_SubmitRequestMissingEveryRequiredField_StillNamesEachMissingField()
    {
        // R8 names every missing field; the cap on reported errors applies to the values given, not to these.
        var host = new TestHost();
        var template = Enumerable.Range(0, 30).Select(i => new TemplateField("Field " + i)).ToArray();
        await host.CreateAsync(TestHost.Order() with { RequestTemplate = template });

        var result = await host.RunAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "Please migrate."));

        result.Error!.Fields.Should().HaveCount(30);
    }

    // ---- 6. invisible and direction-changing characters ----

    [Theory]
    [InlineData(0x200B)] // zero-width space
    [InlineData(0x200C)] // zero-width non-joiner
    [InlineData(0x200D)] // zero-width joiner
    [InlineData(0xFEFF)] // byte order mark
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x200E)] // left-to-right mark
    [InlineData(0x202E)] // right-to-left override
    [InlineData(0x2066)] // left-to-right isolate
    [InlineData(0xE0041)] // tag latin capital letter A (a surrogate pair)
    [InlineData(0x2028)] // line separator
    public async Task Defect_IdWithAnInvisibleOrFormatCharacter_IsValidationAndChangesNothing(int codePoint)
    {
        var hidden = char.ConvertFromUtf32(codePoint);
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var created = await host.Supervisor.CreateFlowAsync(TestHost.Order("ORD" + hidden + "2"));
        var command = await host.RunAsync(new AcceptRequest("cmd" + hidden, "ORD-1", TestHost.Seller));

        created.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        created.Error.Fields.Should().ContainSingle(f => f.Field == "OrderNumber");
        command.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        command.Error.Fields.Should().ContainSingle(f => f.Field == "CommandId");
        (await host.Store.LoadAsync("ORD" + hidden + "2", CancellationToken.None)).Should().BeNull();
        await host.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(0x202A)]
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    public async Task Defect_FreeTextWithABidiEmbeddingOverrideOrIsolate_IsValidationAndChangesNothing(int codePoint)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new ReturnRequest(host.NextCommandId(), "ORD-1", TestHost.Seller, "Refund " + (char)codePoint + "001 CNY"));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        result.Error.Fields.Should().ContainSingle().Which.Field.Should().Be("Reason");
        result.Error.Message.Should().Contain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"U+{codePoint:X4}"));
        await host.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task Defect_FreeTextWithEmojiJoinersAndDirectionMarks_IsStillAccepted()
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.RequestSubmitted);

        var result = await host.RunAsync(new ReturnRequest(host.NextCommandId(), "ORD-1", TestHost.Seller,
            "Our 👩\u200D💻 team needs the target version. \u05E9\u05DC\u05D5\u05DD\u200F 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    // ---- 7. proof links that are paths ----

    [Theory]
    [InlineData("/a.pdf")]
    [InlineData("a.pdf")]
    [InlineData("./docs/a.pdf")]
    [InlineData("//files.example/a.pdf")]
    [InlineData(@"\\server\share\a.pdf")]
    [InlineData(@"C:\docs\a.pdf")]
    public async Task Defect_ProofLinkThatIsAPath_SaysAnAbsoluteHttpsLinkIsNeeded(string uri)
    {
        var host = new TestHost();
        await host.FlowInStageAsync(Stage.InService);
        var before = await host.SnapshotAsync();

        var result = await host.RunAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, new ProofReference("SOW", uri), TestHost.AcceptanceDoc));

        result.Error!.Code.Should().Be(SupervisionErrorCode.Validation);
        var error = result.Error.Fields.Should().ContainSingle().Which;
        error.Field.Should().Be("StatementOfWork.Uri");
        error.Message.Should().Contain($"'{uri}' is not an absolute link").And.Contain("https://").And.NotContain("file:");
        await host.ShouldBeUnchangedAsync(before);
    }
}
