using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

public class SupervisionJsonTests
{
    private static readonly Instant Odd = Instant.FromUnixTimeTicks(17_400_000_000_000_000) + Duration.FromNanoseconds(123);

    [Fact]
    public async Task SerializeFlow_FlowWithOpenAppealAndPausedCompletion_RoundTripsEveryMemberToTheNanosecond()
    {
        var host = new TestHost();
        host.Clock.Reset(Odd);
        await host.CreateAsync(TestHost.Order(placedAt: Odd - Duration.FromNanoseconds(7)) with
        {
            RequestTemplate = [new TemplateField("Database"), new TemplateField("Notes", Required: false)],
            DeliveryTemplate = [new TemplateField("Verified")],
        });
        await host.MustAsync(new SubmitRequest(host.NextCommandId(), "ORD-1", TestHost.Buyer, "text", new Dictionary<string, string> { ["Database"] = "MySQL" }));
        await host.AcceptRequestAsync();
        host.Clock.AdvanceNanoseconds(999);
        await host.MustAsync(new Deliver(host.NextCommandId(), "ORD-1", TestHost.Seller, TestHost.Sow, TestHost.AcceptanceDoc,
            Criteria: new Dictionary<string, string> { ["Verified"] = "yes" }, EnablingInstant: Odd + Duration.FromNanoseconds(1)));
        await host.AcceptDeliveryAsync();
        host.Clock.AdvanceNanoseconds(1_234_567);
        await host.MustAsync(new OpenAppeal(host.NextCommandId(), "ORD-1", TestHost.Seller, "no answer", [new ProofReference("Chat", "https://files.example/chat")]));
        var flow = await host.FlowAsync();

        var copy = SupervisionJson.DeserializeFlow(SupervisionJson.SerializeFlow(flow));

        copy.Should().BeEquivalentTo(flow);
        copy.CompletionRemaining.Should().Be(flow.CompletionRemaining).And.NotBeNull();
        copy.EnablingInstant.Should().Be(Odd + Duration.FromNanoseconds(1));
        copy.Appeal!.OpenedAt.Should().Be(flow.Appeal!.OpenedAt);
        copy.NextTimerDueAt.Should().Be(flow.NextTimerDueAt);
    }

    [Fact]
    public async Task SerializeRecord_EveryRecordOfAStory_RoundTrips()
    {
        var host = new TestHost();
        host.Clock.Reset(Odd);
        await host.FlowInStageAsync(Stage.Completed);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);

        var copies = records.Select(r => SupervisionJson.DeserializeRecord(SupervisionJson.SerializeRecord(r))).ToList();

        copies.Should().BeEquivalentTo(records, options => options.WithStrictOrdering());
    }

    [Fact]
    public void SerializeEvent_And_SerializeOutcome_RoundTrip()
    {
        var supervisionEvent = new SupervisionEvent
        {
            Id = Guid.NewGuid(), Kind = SupervisionEventKind.AppealOverdue, OrderNumber = "ORD-9", OccurredAt = Odd,
            FlowVersion = 42, BuyerId = "b", SellerId = "s", Stage = Stage.Delivered, Concerns = Party.Seller, Text = "why \"quoted\" ünïcode",
        };
        var outcome = new CommandOutcome
        {
            CommandId = "c-1", OrderNumber = "ORD-9", Action = SupervisionAction.DecideAppeal, StageBefore = Stage.Delivered,
            StageAfter = Stage.InService, FlowVersion = 43, RecordSequence = 12, At = Odd, Fingerprint = "ABC",
        };

        SupervisionJson.DeserializeEvent(SupervisionJson.SerializeEvent(supervisionEvent)).Should().Be(supervisionEvent);
        SupervisionJson.DeserializeOutcome(SupervisionJson.SerializeOutcome(outcome)).Should().Be(outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"orderNumber\":\"x\"}")]
    public void DeserializeFlow_TextThatIsNotAStoredFlow_ThrowsFormatException(string json)
    {
        var act = () => SupervisionJson.DeserializeFlow(json);

        act.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
    }
}
