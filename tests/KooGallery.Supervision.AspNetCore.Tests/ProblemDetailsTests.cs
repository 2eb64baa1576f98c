using System.Net;
using KooGallery.Supervision.AspNetCore;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>Every refusal of the library as an RFC 9457 problem details answer, with its documented status.</summary>
public sealed class ProblemDetailsTests : IDisposable
{
    private readonly SupervisionApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(SupervisionErrorCode.Validation, 400)]
    [InlineData(SupervisionErrorCode.Forbidden, 403)]
    [InlineData(SupervisionErrorCode.NotFound, 404)]
    [InlineData(SupervisionErrorCode.NotPermittedInStage, 409)]
    [InlineData(SupervisionErrorCode.Frozen, 409)]
    [InlineData(SupervisionErrorCode.ConditionNotMet, 409)]
    [InlineData(SupervisionErrorCode.Conflict, 409)]
    public void StatusCodeFor_EachCode_IsTheDocumentedStatus(SupervisionErrorCode code, int status)
    {
        SupervisionProblemDetails.StatusCodeFor(code).Should().Be(status);
    }

    [Fact]
    public void StatusCodeFor_EveryDefinedCode_HasAStatus()
    {
        Enum.GetValues<SupervisionErrorCode>().Select(SupervisionProblemDetails.StatusCodeFor).Should().OnlyContain(s => s >= 400 && s < 500);
    }

    [Fact]
    public void StatusCodeFor_AStaleVersion_Is412()
    {
        var error = new SupervisionError { Code = SupervisionErrorCode.Conflict, Reason = SupervisionErrorReason.StaleVersion, Message = "Stale." };

        SupervisionProblemDetails.StatusCodeFor(error).Should().Be(412);
    }

    [Fact]
    public async Task Validation_BlankRequestText_Is400WithTheFieldErrors()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("  "));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
        problem["errors"]!["text"]![0]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.InvalidInput);
    }

    [Fact]
    public async Task Validation_MalformedJsonBody_Is400()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", Api.RawJson("{\"text\": "));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task Validation_MissingRequiredBody_Is400NamingTheMissingInput()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", body: null);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
        problem["errors"]!["text"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_command_without_a_body_is_judged_in_the_library_s_order()
    {
        // Before: a missing body was refused as Validation ahead of the flow, the caller and the freeze.
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var stranger = _factory.ClientAs(Api.Stranger);
        (await seller.PostAsync("/supervision/flows/ORD-1/appeal", new OpenAppealBody("The buyer never writes.", null))).StatusCode.Should().Be(HttpStatusCode.OK);

        await ProblemAsync(await buyer.PostAsync("/supervision/flows/ORD-1/delivery/reject", body: null), HttpStatusCode.Conflict, "Frozen");
        await ProblemAsync(await stranger.PostAsync("/supervision/flows/ORD-1/delivery/reject", body: null), HttpStatusCode.Forbidden, "Forbidden");
        await ProblemAsync(await buyer.PostAsync("/supervision/flows/NOPE/delivery/reject", body: null), HttpStatusCode.NotFound, "NotFound");
        await ProblemAsync(await buyer.PostAsync("/supervision/flows/ORD-1/delivery/reject", Api.RawJson("null")), HttpStatusCode.Conflict, "Frozen");
    }

    [Theory]
    [InlineData("request", "text")]
    [InlineData("request/return", "reason")]
    [InlineData("progress", "text")]
    [InlineData("delivery", "statementOfWork")]
    [InlineData("delivery/reject", "reason")]
    [InlineData("appeal", "reason")]
    [InlineData("appeal/decision", "decision")]
    public async Task Every_command_without_a_body_is_a_typed_refusal(string command, string field)
    {
        // A body type that could not be read from "{}" would answer 500 here.
        using var manager = _factory.ClientAs(Api.Manager);
        (await manager.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1", ProductKind.License)))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var seller = _factory.ClientAs(Api.Seller);
        (await seller.PostAsync("/supervision/flows/ORD-1/appeal", new OpenAppealBody("Open for the decision.", null))).StatusCode.Should().Be(HttpStatusCode.OK);
        using var caller = _factory.ClientAs(command switch { "appeal/decision" => Api.Manager, "request" or "delivery/reject" => Api.Buyer, _ => Api.Seller });

        var response = await caller.PostAsync("/supervision/flows/ORD-1/" + command, body: null);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().BeOneOf([400, 409], text);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            problem["errors"]![field].Should().NotBeNull(text);
        }
        else
        {
            problem["code"]!.GetValue<string>().Should().BeOneOf("Frozen", "NotPermittedInStage");
        }
    }

    [Fact]
    public async Task An_empty_chunked_JSON_body_is_no_input_judged_in_the_library_s_order()
    {
        // Before: JSON said but no byte sent (no length) failed to parse, a Validation ahead of the flow's 404.
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/supervision/flows/NOPE/request") { Content = new EmptyChunkedJson() };

        var response = await buyer.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.NotFound, "NotFound");
    }

    /// <summary>A JSON body of no byte and no declared length, sent chunked.</summary>
    private sealed class EmptyChunkedJson : HttpContent
    {
        public EmptyChunkedJson() => Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.CompletedTask;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task NotPermittedInStage_WithNoActionLeft_StillCarriesAnEmptyPermittedActionsList()
    {
        // Before: the list was left out when it was empty, and a client reading it found nothing.
        using var manager = _factory.ClientAs(Api.Manager);
        using var seller = _factory.ClientAs(Api.Seller);
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await manager.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1", ProductKind.License)))).StatusCode.Should().Be(HttpStatusCode.Created);
        var sow = new ProofReference("Statement of work", "https://files.example/sow.pdf");
        var acceptance = new ProofReference("Acceptance", "https://files.example/acceptance.pdf");
        (await seller.PostAsync("/supervision/flows/ORD-1/delivery", new DeliverBody(sow, acceptance))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await buyer.PostAsync("/supervision/flows/ORD-1/delivery/accept", body: null)).StatusCode.Should().Be(HttpStatusCode.OK);
        _factory.Clock.Advance(Duration.FromHours(3));

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/delivery/reject", new ReasonBody("Late."));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "NotPermittedInStage");
        problem["permittedActions"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Validation_BadSearchParameters_Is400NamingEachParameter()
    {
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.GetAsync("/supervision/flows?stage=Nowhere&placedFrom=yesterday&pageSize=many&after=%21%21");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
        problem["errors"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("stage", "placedFrom", "pageSize", "after");
    }

    [Fact]
    public async Task Validation_BodyErrors_NameTheMemberAsJsonSpellsItAndTemplateFieldsAsGiven()
    {
        using var manager = _factory.ClientAs(Api.Manager);
        var order = Api.Order("ORD-1", ProductKind.License) with { DeliveryTemplate = [new TemplateField("Uptime Report", Required: true)] };
        (await manager.PostAsync("/supervision/flows", Api.Json(order))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var seller = _factory.ClientAs(Api.Seller);
        var body = new DeliverBody(new ProofReference("Statement of work", "not a link"), new ProofReference("Acceptance", "https://files.example/acceptance.pdf"),
            FurtherProofs: [new ProofReference("", "https://files.example/extra.pdf")]);

        var response = await seller.PostAsync("/supervision/flows/ORD-1/delivery", body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
        problem["errors"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("statementOfWork.uri", "furtherProofs[0].name", "criteria.Uptime Report");
    }

    [Theory]
    [InlineData("{\"criteria\":{\"Up.Time\":5}}", "criteria.Up.Time")] // as the library's own validation names it
    [InlineData("{\"Criteria\":{\"Uptime\":5}}", "criteria.Uptime")]
    [InlineData("{\"StatementOfWork\":{\"Uri\":5}}", "statementOfWork.uri")]
    public async Task Validation_AnUnreadableBody_NamesTheMemberAsJsonSpellsItAndTemplateFieldsAsGiven(string json, string field)
    {
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);

        var response = await seller.PostAsync("/supervision/flows/ORD-1/delivery", Api.RawJson(json));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
        problem["errors"]!.AsObject().Select(p => p.Key).Should().Equal(field);
    }

    [Fact]
    public async Task Validation_CreateWithAMissingMember_Is400()
    {
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows", Api.RawJson("{\"orderNumber\":\"ORD-1\"}"));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task Forbidden_TheSellerSubmitsTheRequest_Is403WrongRole()
    {
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);

        var response = await seller.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Mine."));

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, "Forbidden");
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.WrongRole);
    }

    [Fact]
    public async Task Forbidden_AStrangerReadsTheFlow_Is403NotAParty()
    {
        await _factory.CreateAsync("ORD-1");
        using var stranger = _factory.ClientAs(Api.Stranger);

        var view = await stranger.GetAsync("/supervision/flows/ORD-1");
        var records = await stranger.GetAsync("/supervision/flows/ORD-1/records");
        var actions = await stranger.GetAsync("/supervision/flows/ORD-1/actions");
        var command = await stranger.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Let me in."));

        foreach (var response in new[] { view, records, actions, command })
        {
            var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, "Forbidden");
            problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.NotAParty);
            (await response.Content.ReadAsStringAsync()).Should().NotContain("Please").And.NotContain("buyer-1", "a stranger learns nothing of the flow");
        }
    }

    [Fact]
    public async Task Forbidden_ABuyerCreatesAFlow_Is403()
    {
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1")));

        await ProblemAsync(response, HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task NotFound_NoSuchFlow_Is404ForReadsAndCommands()
    {
        using var buyer = _factory.ClientAs(Api.Buyer);

        var view = await buyer.GetAsync("/supervision/flows/ORD-404");
        var command = await buyer.PostAsync("/supervision/flows/ORD-404/request", new SubmitRequestBody("Hello?"));

        (await ProblemAsync(view, HttpStatusCode.NotFound, "NotFound"))["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.NoSuchFlow);
        await ProblemAsync(command, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task NotPermittedInStage_DeliveringBeforeTheRequest_Is409WithThePermittedActions()
    {
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);

        var response = await seller.PostAsync("/supervision/flows/ORD-1/delivery",
            new DeliverBody(new ProofReference("sow", "https://files.example/sow"), new ProofReference("acc", "https://files.example/acc")));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "NotPermittedInStage");
        problem["stage"]!.GetValue<string>().Should().Be("AwaitingRequest");
        problem["permittedActions"]!.AsArray().Should().NotBeNull();
    }

    [Fact]
    public async Task Frozen_TheBuyerActsDuringAnAppeal_Is409Frozen()
    {
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);
        (await seller.PostAsync("/supervision/flows/ORD-1/appeal", new OpenAppealBody("The buyer never answers."))).EnsureSuccessStatusCode();
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Here it is."));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "Frozen");
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.AppealOpen);
    }

    [Fact]
    public async Task ConditionNotMet_TheBuyerAppealsTooEarly_Is409WithTheConditions()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/appeal", new OpenAppealBody("Too slow."));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "ConditionNotMet");
        var conditions = problem["conditions"]!.AsArray();
        conditions.Should().NotBeEmpty();
        conditions[0]!["condition"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        conditions[0]!["holds"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task ConditionNotMet_ASecondReminderTooSoon_Is409WithRetryAtAndRetryAfter()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        (await buyer.PostAsync("/supervision/flows/ORD-1/reminders", body: null)).EnsureSuccessStatusCode();

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/reminders", body: null);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "ConditionNotMet");
        var next = SupervisionApiFactory.Start + Duration.FromHours(24);
        problem["retryAt"]!.GetValue<string>().Should().Be(NodaTime.Text.InstantPattern.ExtendedIso.Format(next));
        response.Headers.RetryAfter!.Date.Should().Be((next - Duration.FromNanoseconds(123_456_789) + Duration.FromSeconds(1)).ToDateTimeOffset(),
            "an HTTP date has whole seconds, rounded up");
    }

    [Fact]
    public async Task Conflict_CreatingAnOrderAgainWithOtherData_Is409DifferentOrderData()
    {
        await _factory.CreateAsync("ORD-1");
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1") with { AmountPaid = 1m }));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "Conflict");
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.DifferentOrderData);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        problem["status"]!.GetValue<int>().Should().Be((int)status);
        problem["code"]!.GetValue<string>().Should().Be(code);
        problem["type"]!.GetValue<string>().Should().Be("urn:koogallery:supervision:" + code);
        problem["title"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        problem["detail"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        return problem;
    }
}
