using System.Text;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Storage;

public class SupervisionStorageFormatTests
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

        var copy = SupervisionStorageFormat.Flow.Deserialize(SupervisionStorageFormat.Flow.Serialize(flow));

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
        host.Clock.Reset(TestHost.Start + Duration.FromTicks(1_234_567) + Duration.FromNanoseconds(123));
        await host.FlowInStageAsync(Stage.Completed);
        var records = await host.Store.ReadRecordsAsync("ORD-1", CancellationToken.None);

        var copies = records.Select(r => SupervisionStorageFormat.Record.Deserialize(SupervisionStorageFormat.Record.Serialize(r))).ToList();

        copies.Should().BeEquivalentTo(records, options => options.WithStrictOrdering());
    }

    [Fact]
    public void SerializeEvent_And_SerializeOutcome_RoundTrip()
    {
        var supervisionEvent = new SupervisionEvent
        {
            Id = Guid.NewGuid(), Kind = SupervisionEventKind.AppealOverdue, OrderNumber = "ORD-9", OccurredAt = Odd,
            FlowVersion = 42, BuyerId = "b", SellerId = "s", Stage = Stage.Delivered, Concerns = Party.Seller, Text = "why \"quoted\" ünïcode",
            TraceParent = "00-5334a2deab53baad839db7e6f8127135-3189a69c4641152e-01",
        };
        var outcome = new CommandOutcome
        {
            CommandId = "c-1", OrderNumber = "ORD-9", Action = SupervisionAction.DecideAppeal, StageBefore = Stage.Delivered,
            StageAfter = Stage.InService, FlowVersion = 43, RecordSequence = 12, At = Odd, Fingerprint = "ABC",
        };

        SupervisionStorageFormat.Event.Deserialize(SupervisionStorageFormat.Event.Serialize(supervisionEvent)).Should().Be(supervisionEvent);
        SupervisionStorageFormat.Outcome.Deserialize(SupervisionStorageFormat.Outcome.Serialize(outcome)).Should().Be(outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"orderNumber\":\"x\"}")]
    public void DeserializeFlow_TextThatIsNotAStoredFlow_ThrowsFormatException(string json)
    {
        var act = () => SupervisionStorageFormat.Flow.Deserialize(json);

        act.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"stage\":\"Nowhere\"")]
    [InlineData("\"stage\":\"99\"")]
    [InlineData("\"stage\":99")]
    [InlineData("\"stage\":\"accepted\"")]
    [InlineData("\"stage\":\"Accepted, Completed\"")]
    [InlineData("\"stage\":null")]
    [InlineData("\"productKind\":1")]
    [InlineData("\"orderNumber\":null")]
    [InlineData("\"placedAt\":\"2026-03-02 09:00\"")]
    [InlineData("\"amountPaid\":\"twelve\"")]
    [InlineData("\"amountPaid\":1234.5")]
    [InlineData("\"amountPaid\":\"1e3\"")]
    [InlineData("\"amountPaid\":\"99999999999999999999999999999999\"")]
    [InlineData("\"completionRemaining\":\"one day\"")]
    public void DeserializeFlow_GoldenFlowWithOneBadMember_ThrowsFormatException(string change)
    {
        var json = change.Contains(':', StringComparison.Ordinal) ? Replace(GoldenFlow(), change) : change;

        var act = () => SupervisionStorageFormat.Flow.Deserialize(json);

        act.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
    }

    [Theory]
    [InlineData("orderNumber")]
    [InlineData("requestTemplate")]
    [InlineData("version")]
    [InlineData("stage")]
    [InlineData("stallRaised")]
    [InlineData("longOpenDueAt")]
    [InlineData("lastSequence")]
    [InlineData("appeal.openedById")]
    [InlineData("appeal.decisionDueAt")]
    [InlineData("appeal.overdueRaised")]
    public void DeserializeFlow_GoldenFlowWithoutOneRequiredMember_ThrowsFormatException(string member)
    {
        // Every member a flow always has must be there, numbers and flags included (none falls back to a default).
        var document = System.Text.Json.Nodes.JsonNode.Parse(SupervisionStorageFormat.Flow.Serialize(GoldenSamples.Flows["flow-every-member"]))!.AsObject();
        var path = member.Split('.');
        var holder = path.Length == 1 ? document : document[path[0]]!.AsObject();
        holder.Remove(path[^1]).Should().BeTrue();

        var act = () => SupervisionStorageFormat.Flow.Deserialize(document.ToJsonString());

        act.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("\"Tenant\"")]
    [InlineData("[1]")]
    [InlineData("[[]]")]
    [InlineData("[{\"name\":\"Tenant\"}]")]
    [InlineData("[{\"required\":true}]")]
    [InlineData("[{\"name\":null,\"required\":true}]")]
    [InlineData("[{\"name\":1,\"required\":true}]")]
    [InlineData("[{\"name\":\"Tenant\",\"required\":\"yes\"}]")]
    [InlineData("[{\"name\":\"Tenant\",\"required\":null}]")]
    [InlineData("[{\"name\":\"Tenant\",\"required\":true}")]
    public void DeserializeFlow_TemplateThatIsNotAListOfNamedFields_ThrowsFormatException(string template)
    {
        var json = EveryMemberWithRequestTemplate(template);

        var act = () => SupervisionStorageFormat.Flow.Deserialize(json);

        act.Should().Throw<FormatException>().WithMessage("The stored flow is not valid*");
    }

    [Theory]
    [InlineData("[{\"required\":true,\"name\":\"Tenant\"}]")]
    [InlineData("[{\"name\":\"Tenant\",\"addedLater\":[1,{\"deep\":[null]}],\"required\":true}]")]
    [InlineData(" [ { \"name\" : \"Tenant\" , \"required\" : true } ] ")]
    public void DeserializeFlow_TemplateFieldsInAnotherOrderOrWithUnknownMembers_ReadTheSameFlow(string template)
    {
        var flow = SupervisionStorageFormat.Flow.Deserialize(EveryMemberWithRequestTemplate(template));

        flow.Should().BeEquivalentTo(GoldenSamples.Flows["flow-every-member"]);
    }

    [Fact]
    public void DeserializeFlow_UnknownMembersAndAnotherOrder_ReadsTheSameFlow()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(GoldenFlow())!.AsObject();
        var reordered = new System.Text.Json.Nodes.JsonObject { ["addedByALaterVersion"] = new System.Text.Json.Nodes.JsonArray(1, 2) };
        foreach (var member in document.Reverse().ToList())
        {
            document.Remove(member.Key);
            reordered[member.Key] = member.Value;
        }

        var flow = SupervisionStorageFormat.Flow.Deserialize(reordered.ToJsonString());

        flow.Should().BeEquivalentTo(GoldenSamples.Flows["flow-every-member"]);
    }

    [Theory]
    [InlineData("\"actorRole\":\"System\"", "\"actorRole\":0")]
    [InlineData("\"actorRole\":\"System\"", "\"actorRole\":\"system\"")]
    [InlineData("\"action\":\"CreateFlow\"", "\"action\":\"CreateFlow, DecideAppeal\"")]
    [InlineData("\"stageAfter\":\"AwaitingRequest\"", "\"stageAfter\":\"Nowhere\"")]
    public void DeserializeRecord_EnumNotStoredByItsDeclaredName_ThrowsFormatException(string stored, string change)
    {
        // Only the names the library writes load: no number, no other case, no list of names.
        const string Json = "{\"orderNumber\":\"G\",\"sequence\":1,\"at\":\"2026-03-02T09:00:00Z\",\"actorId\":\"system\",\"actorRole\":\"System\",\"action\":\"CreateFlow\",\"stageBefore\":\"AwaitingRequest\",\"stageAfter\":\"AwaitingRequest\"}";
        SupervisionStorageFormat.Record.Deserialize(Json).ActorRole.Should().Be(ActorRole.System);

        var act = () => SupervisionStorageFormat.Record.Deserialize(Json.Replace(stored, change, StringComparison.Ordinal));

        act.Should().Throw<FormatException>().WithMessage("The stored operation record is not valid*");
    }

    [Fact]
    public void DeserializeFlow_EscapedEnumNameAndAmount_ReadTheSameFlow()
    {
        // A JSON writer may escape any character; the escaped text still names the same value.
        var golden = GoldenFlow();
        var stage = SupervisionStorageFormat.Flow.Deserialize(golden).Stage.ToString();
        var escaped = golden.Replace($"\"stage\":\"{stage}\"", $"\"stage\":\"\\u{(int)stage[0]:X4}{stage[1..]}\"", StringComparison.Ordinal);
        escaped.Should().NotBe(golden);

        SupervisionStorageFormat.Flow.Deserialize(escaped).Should().BeEquivalentTo(SupervisionStorageFormat.Flow.Deserialize(golden));
    }

    [Fact]
    public void SerializeEvent_WithAKindItsEnumDoesNotDeclare_ThrowsArgumentExceptionAndWritesNoDocument()
    {
        // Before: written as a number, which no read would take back.
        var supervisionEvent = GoldenSamples.Events[0] with { Kind = (SupervisionEventKind)99 };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        FluentActions.Invoking(() => SupervisionStorageFormat.Event.Serialize(supervisionEvent))
            .Should().Throw<ArgumentException>().WithMessage("The event cannot be stored: 99 is not a SupervisionEventKind*");
        FluentActions.Invoking(() => SupervisionStorageFormat.Event.SerializeToUtf8(supervisionEvent, buffer))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("value");
    }

    [Fact]
    public void DeserializeRecord_NoOptionalMembers_ReadsEmptyReferencesAndFields()
    {
        var record = SupervisionStorageFormat.Record.Deserialize(
            "{\"orderNumber\":\"G\",\"sequence\":1,\"at\":\"2026-03-02T09:00:00Z\",\"actorId\":\"system\",\"actorRole\":\"System\",\"action\":\"CreateFlow\",\"stageBefore\":\"AwaitingRequest\",\"stageAfter\":\"AwaitingRequest\"}");

        record.References.Should().BeEmpty();
        record.Fields.Should().BeEmpty();
        record.Text.Should().BeNull();
        record.CommandId.Should().BeNull();
    }

    [Fact]
    public void StoredDocumentFormat_NullArguments_ThrowArgumentNullException()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        FluentActions.Invoking(() => SupervisionStorageFormat.Flow.Serialize(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SupervisionStorageFormat.Event.SerializeToUtf8(null!, buffer)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SupervisionStorageFormat.Record.SerializeToUtf8(GoldenSamples.Records[0], null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => SupervisionStorageFormat.Outcome.Deserialize(null!)).Should().Throw<ArgumentNullException>();
        buffer.WrittenCount.Should().Be(0);
    }

    [Fact]
    public void SerializeToUtf8_DocumentsOfEveryKindInTurn_EachWritesTheBytesOfItsText()
    {
        var outcome = GoldenSamples.Outcomes[0];
        var record = GoldenSamples.Records[0];
        var supervisionEvent = GoldenSamples.Events[0];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        SupervisionStorageFormat.Outcome.SerializeToUtf8(outcome, buffer);
        var outcomeBytes = buffer.WrittenSpan.ToArray();
        buffer.ResetWrittenCount();
        SupervisionStorageFormat.Record.SerializeToUtf8(record, buffer);
        var recordBytes = buffer.WrittenSpan.ToArray();
        buffer.ResetWrittenCount();
        SupervisionStorageFormat.Event.SerializeToUtf8(supervisionEvent, buffer);

        Encoding.UTF8.GetString(outcomeBytes).Should().Be(SupervisionStorageFormat.Outcome.Serialize(outcome));
        Encoding.UTF8.GetString(recordBytes).Should().Be(SupervisionStorageFormat.Record.Serialize(record));
        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(SupervisionStorageFormat.Event.Serialize(supervisionEvent));
    }

    private static string GoldenFlow() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Golden", "flow-every-member.json"));

    /// <summary>The golden flow with every member, its request template's stored text replaced by <paramref name="template"/>.</summary>
    private static string EveryMemberWithRequestTemplate(string template)
    {
        const string Stored = "\"requestTemplate\":[{\"name\":\"Tenant\",\"required\":true}]";
        var json = SupervisionStorageFormat.Flow.Serialize(GoldenSamples.Flows["flow-every-member"]);
        json.Should().Contain(Stored);
        return json.Replace(Stored, "\"requestTemplate\":" + template, StringComparison.Ordinal);
    }

    /// <summary>Replaces the value of the member <paramref name="change"/> names ("name":value) in <paramref name="json"/>.</summary>
    private static string Replace(string json, string change)
    {
        var name = change[..(change.IndexOf(':', StringComparison.Ordinal) + 1)];
        var start = json.IndexOf(name, StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, name);
        var end = json.IndexOf(",\"", start + name.Length, StringComparison.Ordinal);
        return json[..start] + change + json[end..];
    }
}
