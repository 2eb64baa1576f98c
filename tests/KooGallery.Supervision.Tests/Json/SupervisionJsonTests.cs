using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FluentAssertions.Equivalency;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Json;

/// <summary>
/// The public JSON contract (<see cref="SupervisionJson"/>): every public type a host returns or reads goes out and
/// comes back equal, instants to the nanosecond, and written again gives the same text.
/// </summary>
public class SupervisionJsonTests
{
    private static readonly Instant Odd = Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromNanoseconds(123_456_789);

    [Fact]
    public async Task FlowView_OfAFrozenFlowWithRecords_RoundTripsExactly()
    {
        var host = await FrozenFlowAsync();
        var view = await host.ViewAsync(TestHost.Buyer);
        view.Records.Should().NotBeEmpty();
        view.Appeal.Should().NotBeNull();

        var back = RoundTrip(view);

        back.AsOf.Should().Be(view.AsOf);
        back.Appeal!.OpenedAt.Should().Be(view.Appeal!.OpenedAt);
    }

    [Fact]
    public async Task FlowView_OfACompletedFlow_RoundTripsWithItsKeyInstants()
    {
        var host = new TestHost();
        host.Clock.Advance(Duration.FromNanoseconds(7));
        await host.FlowInStageAsync(Stage.Accepted);
        host.Clock.Advance(Duration.FromHours(4));
        var view = await host.ViewAsync(TestHost.Seller);
        view.IsBillable.Should().BeTrue();
        view.CompletedAt.Should().NotBeNull();

        var back = RoundTrip(view);

        back.CompletedAt.Should().Be(view.CompletedAt);
        back.AcceptedAt.Should().Be(view.AcceptedAt);
        back.RequestSubmittedAt.Should().Be(view.RequestSubmittedAt);
    }

    [Fact]
    public void FlowSummary_RoundTripsExactly() => RoundTrip(Summary("ORD-1"));

    [Fact]
    public void FlowPage_WithANextCursor_RoundTripsExactly() =>
        RoundTrip(new FlowPage([Summary("ORD-1"), Summary("ORD-2")], new FlowCursor(Odd, "ORD-2") { DecisionDueAt = Odd + Duration.FromDays(3) }));

    [Fact]
    public void FlowCursor_RoundTripsExactly() => RoundTrip(new FlowCursor(Odd, "ORD-9") { DecisionDueAt = Odd });

    [Fact]
    public void FlowQuery_WithEveryCriterion_RoundTripsExactly() => RoundTrip(new FlowQuery
    {
        BuyerId = "b", SellerId = "s", ProductId = "p", Stage = Stage.Delivered, Status = OrderStatus.Processing,
        PlacedFrom = Odd, PlacedBefore = Odd + Duration.Epsilon, Stalled = true, UnderAppeal = false,
        WaitingOn = Actor.Seller("s"), PageSize = 7, After = new FlowCursor(Odd, "ORD-1"),
    });

    [Fact]
    public void OperationRecord_WithReferencesAndFields_RoundTripsExactly() => RoundTrip(new OperationRecord
    {
        OrderNumber = "ORD-1", Sequence = 4, At = Odd, ActorId = "seller-1", ActorRole = ActorRole.Seller,
        Action = SupervisionAction.Deliver, StageBefore = Stage.InService, StageAfter = Stage.Delivered, Text = "Done.",
        References = [new ProofReference("sow", "https://files.example/sow.pdf")],
        Fields = new Dictionary<string, string> { ["Report"] = "attached" }, CommandId = "cmd-4",
    });

    [Fact]
    public async Task CommandOutcome_FromTheLibrary_RoundTripsWithoutItsFingerprint()
    {
        var host = new TestHost();
        await host.CreateAsync();
        host.Clock.Advance(Duration.FromNanoseconds(1));
        var outcome = await host.SubmitAsync();

        var json = JsonSerializer.Serialize(outcome, SupervisionJson.Options);
        var back = RoundTrip(outcome with { IsReplay = true });

        JsonNode.Parse(json)!.AsObject().Select(p => p.Key).Should().NotContain(k => k.Contains("fingerprint", StringComparison.OrdinalIgnoreCase));
        back.At.Should().Be(outcome.At);
        back.IsReplay.Should().BeTrue();
    }

    [Fact]
    public void SupervisionError_WithEveryDetail_RoundTripsExactly() => RoundTrip(new SupervisionError
    {
        Code = SupervisionErrorCode.ConditionNotMet,
        Message = "Not yet.",
        Reason = SupervisionErrorReason.ReminderTooSoon,
        PermittedActions = [SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver],
        Conditions = [Progress()],
        Fields = [new FieldError("Text", "Required.")],
        RetryAt = Odd,
        Stage = Stage.InService,
    });

    [Fact]
    public void FieldError_RoundTripsExactly() => RoundTrip(new FieldError("Fields.Version", "Give the version."));

    [Fact]
    public void ConditionProgress_WithDurations_RoundTripsExactly() => RoundTrip(Progress());

    [Fact]
    public void Appeal_RoundTripsExactly() => RoundTrip(new Appeal
    {
        OpenedBy = Actor.Buyer("buyer-1"), OpenedAt = Odd, Reason = "No answer.", Proofs = [new ProofReference("mail", "https://files.example/m")],
        FrozenStage = Stage.InService, DecisionDueAt = Odd + Duration.FromDays(5), OverdueRaised = true,
    });

    [Fact]
    public void Actor_RoundTripsExactly() => RoundTrip(Actor.OperationsManager("ops-1"));

    [Fact]
    public void NewServiceFlow_WithTemplates_RoundTripsExactly() => RoundTrip(new NewServiceFlow
    {
        OrderNumber = "ORD-1", BuyerId = "b", SellerId = "s", ProductId = "p", ProductKind = ProductKind.License,
        AmountPaid = 1234.5678m, Currency = "CNY", PlacedAt = Odd, IsRenewal = true,
        RequestTemplate = [new TemplateField("Version"), new TemplateField("Notes", Required: false)],
        DeliveryTemplate = [new TemplateField("Report")],
    });

    [Fact]
    public void SupervisionEvent_RoundTripsExactly() => RoundTrip(new SupervisionEvent
    {
        Id = Guid.Parse("6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"), Kind = SupervisionEventKind.Stalled, OrderNumber = "ORD-1",
        OccurredAt = Odd, FlowVersion = 3, BuyerId = "b", SellerId = "s", Stage = Stage.InService, Concerns = Party.Seller,
        Text = "Stalled.", TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    });

    [Fact]
    public async Task FlowView_Json_HasInstantsAsIsoStringsEnumsAsNamesAndNoStoredInternals()
    {
        var host = await FrozenFlowAsync();
        var view = await host.ViewAsync(TestHost.Buyer);

        var json = JsonNode.Parse(JsonSerializer.Serialize(view, SupervisionJson.Options))!.AsObject();

        json["asOf"]!.GetValue<string>().Should().Be(NodaTime.Text.InstantPattern.ExtendedIso.Format(view.AsOf));
        json["placedAt"]!.GetValue<string>().Should().EndWith("Z");
        json["stage"]!.GetValue<string>().Should().Be(view.Stage.ToString());
        json["waitingOn"]!.GetValue<string>().Should().Be("OperationsManagers");
        json["viewer"]!["role"]!.GetValue<string>().Should().Be("Buyer");
        json["records"]![0]!["action"]!.GetValue<string>().Should().Be("CreateFlow");
        json["idleFor"]!.GetValue<string>().Should().NotBeEmpty();
        var keys = json.Select(p => p.Key).ToList();
        keys.Should().NotContain(["flow", "stallDueAt", "nextTimerDueAt", "idleSince", "longOpenDueAt", "stallRaised", "lastSequence", "completionRemaining", "fingerprint"]);
    }

    [Fact]
    public void Instant_WithNanoseconds_IsWrittenAsAnIsoStringWithNineDigits()
    {
        JsonSerializer.Serialize(Odd, SupervisionJson.Options).Should().Be("\"2026-03-02T09:00:00.123456789Z\"");
    }

    [Fact]
    public void ConfigureForSupervision_OnOptionsWithTheReflectionResolver_KeepsItForOtherTypes()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.ConfigureForSupervision();

        var json = JsonSerializer.Serialize(new Envelope(new FieldError("Text", "Required."), Odd), options);

        json.Should().Be("{\"error\":{\"field\":\"Text\",\"message\":\"Required.\"},\"at\":\"2026-03-02T09:00:00.123456789Z\"}");
        JsonSerializer.Deserialize<Envelope>(json, options).Should().Be(new Envelope(new FieldError("Text", "Required."), Odd));
    }

    [Fact]
    public void Options_AreReadOnly()
    {
        SupervisionJson.Options.IsReadOnly.Should().BeTrue();
        var act = () => SupervisionJson.Options.ConfigureForSupervision();
        act.Should().Throw<InvalidOperationException>();
    }

    public sealed record Envelope(FieldError Error, Instant At);

    private static T RoundTrip<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, SupervisionJson.Options);
        var back = JsonSerializer.Deserialize<T>(json, SupervisionJson.Options);

        back.Should().BeEquivalentTo(value, o => o.ComparingRecordsByMembers().RespectingRuntimeTypes().WithStrictOrdering());
        JsonSerializer.Serialize(back, SupervisionJson.Options).Should().Be(json, "what is read back writes the same text");
        return back!;
    }

    private static FlowSummary Summary(string orderNumber) => new()
    {
        OrderNumber = orderNumber, BuyerId = "b", SellerId = "s", ProductId = "p", Stage = Stage.InService,
        Status = OrderStatus.Processing, PlacedAt = Odd, WaitingOn = Party.Seller, IsStalled = true, UnderAppeal = true,
        Version = 9, DecisionDueAt = Odd + Duration.FromNanoseconds(1),
    };

    private static ConditionProgress Progress() => new()
    {
        Condition = "SellerStalled", Holds = false, Description = "seller idle 2 days of 5 days",
        Count = 1, RequiredCount = 3, Elapsed = Duration.FromDays(2) + Duration.FromNanoseconds(3),
        Required = Duration.FromDays(5), HoldsFrom = Odd,
    };

    private static async Task<TestHost> FrozenFlowAsync()
    {
        var host = new TestHost();
        host.Clock.Advance(Duration.FromNanoseconds(123_456_789));
        await host.FlowInStageAsync(Stage.InService);
        await host.SellerAppealAsync();
        host.Clock.Advance(Duration.FromNanoseconds(1));
        return host;
    }
}
