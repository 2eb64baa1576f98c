using System.Net;
using KooGallery.Supervision.AspNetCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>Every endpoint of MapServiceSupervision over a real SQLite file: creation, reads, search, and a whole story through the commands.</summary>
public sealed class FlowEndpointTests : IDisposable
{
    private readonly SupervisionApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PostFlows_AsOperationsManager_Is201WithLocationETagAndTheView()
    {
        using var client = _factory.ClientAs(Api.Manager);

        var response = await client.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1")));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be("/supervision/flows/ORD-1");
        response.ETag().Should().Be("\"1\"");
        var view = await response.ReadAsync<FlowView>();
        view.OrderNumber.Should().Be("ORD-1");
        view.Stage.Should().Be(Stage.AwaitingRequest);
        view.Viewer.Should().Be(Actor.OperationsManager("ops-1"));
        view.PlacedAt.Should().Be(SupervisionApiFactory.Start - Duration.FromMinutes(5));
    }

    [Fact]
    public async Task PostFlows_SameOrderAgain_AnswersWithTheExistingFlow()
    {
        await _factory.CreateAsync("ORD-1");
        using var client = _factory.ClientAs(Api.Manager);

        var response = await client.PostAsync("/supervision/flows", Api.Json(Api.Order("ORD-1")));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.ETag().Should().Be("\"1\"");
    }

    [Fact]
    public async Task GetFlow_AsTheBuyer_Is200WithTheViewAndAnETagOfItsVersion()
    {
        await _factory.CreateAsync("ORD-1");
        using var client = _factory.ClientAs(Api.Buyer);

        var response = await client.GetAsync("/supervision/flows/ORD-1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var view = await response.ReadAsync<FlowView>();
        response.ETag().Should().Be($"\"{view.Version}\"");
        view.Viewer.Should().Be(Actor.Buyer("buyer-1"));
        view.PermittedActions.Should().Contain(SupervisionAction.SubmitRequest);
        view.AsOf.Should().Be(SupervisionApiFactory.Start);
    }

    [Fact]
    public async Task GetActions_AsTheBuyer_ListsThePermittedActionsByName()
    {
        await _factory.CreateAsync("ORD-1");
        using var client = _factory.ClientAs(Api.Buyer);

        var response = await client.GetAsync("/supervision/flows/ORD-1/actions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"SubmitRequest\"");
        (await response.ReadAsync<List<SupervisionAction>>()).Should().Contain(SupervisionAction.SubmitRequest);
    }

    [Fact]
    public async Task GetRecords_AsTheSeller_ListsTheRecordsInSequence()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        using var client = _factory.ClientAs(Api.Seller);

        var response = await client.GetAsync("/supervision/flows/ORD-1/records");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.ETag().Should().Be("\"2\"");
        var records = await response.ReadAsync<List<OperationRecord>>();
        records.Select(r => r.Action).Should().Equal(SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest);
        records[1].Text.Should().Be("Please migrate.");
        records[1].At.Should().Be(SupervisionApiFactory.Start);
    }

    [Fact]
    public async Task GetFlows_PagedByOne_WalksEveryFlowOfTheBuyerWithTheCursor()
    {
        await _factory.CreateAsync("ORD-1");
        await _factory.CreateAsync("ORD-2");
        await _factory.CreateAsync("ORD-3");
        using var client = _factory.ClientAs(Api.Buyer);

        var seen = new List<string>();
        string? after = null;
        do
        {
            var response = await client.GetAsync("/supervision/flows?pageSize=1" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after)));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = await response.ReadAsync<FlowPageResponse>();
            page.Items.Should().HaveCountLessThanOrEqualTo(1);
            seen.AddRange(page.Items.Select(i => i.OrderNumber));
            after = page.Next;
        }
        while (after is not null);

        seen.Should().Equal("ORD-1", "ORD-2", "ORD-3");
    }

    [Fact]
    public async Task GetFlows_WaitingOnMe_ListsOnlyTheFlowsWaitingOnTheCaller()
    {
        await _factory.CreateAsync("ORD-1");
        await _factory.CreateAsync("ORD-2");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-2/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        using var seller = _factory.ClientAs(Api.Seller);

        var forBuyer = await (await buyer.GetAsync("/supervision/flows?waitingOnMe=true")).ReadAsync<FlowPageResponse>();
        var forSeller = await (await seller.GetAsync("/supervision/flows?waitingOnMe=true&stage=RequestSubmitted")).ReadAsync<FlowPageResponse>();

        forBuyer.Items.Select(i => i.OrderNumber).Should().Equal("ORD-1");
        forSeller.Items.Select(i => i.OrderNumber).Should().Equal("ORD-2");
        forSeller.Items[0].WaitingOn.Should().Be(Party.Seller);
    }

    [Fact]
    public async Task GetFlows_AsOperationsManagerWaitingOnMe_IsTheAppealQueue()
    {
        await _factory.CreateAsync("ORD-1");
        await _factory.CreateAsync("ORD-2");
        using var seller = _factory.ClientAs(Api.Seller);
        (await seller.PostAsync("/supervision/flows/ORD-2/appeal", new OpenAppealBody("The buyer never answers."))).EnsureSuccessStatusCode();
        using var manager = _factory.ClientAs(Api.Manager);

        var queue = await (await manager.GetAsync("/supervision/flows?waitingOnMe=true")).ReadAsync<FlowPageResponse>();

        queue.Items.Select(i => i.OrderNumber).Should().Equal("ORD-2");
        queue.Items[0].UnderAppeal.Should().BeTrue();
        queue.Items[0].DecisionDueAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Commands_AWholeStory_RunThroughEveryEndpointToCompletion()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var seller = _factory.ClientAs(Api.Seller);
        var sow = new ProofReference("Statement of work", "https://files.example/sow.pdf");
        var acceptance = new ProofReference("Acceptance", "https://files.example/acceptance.pdf");

        await MustAsync(buyer, "request", new SubmitRequestBody("Please migrate."), Stage.RequestSubmitted);
        await MustAsync(seller, "request/return", new ReasonBody("Which version?"), Stage.RequestReturned);
        await MustAsync(buyer, "request", new SubmitRequestBody("Version 16."), Stage.RequestSubmitted);
        await MustAsync(seller, "request/accept", null, Stage.InService);
        await MustAsync(buyer, "reminders", new ReminderBody("Any news?"), Stage.InService);
        await MustAsync(seller, "progress", new ProgressUpdateBody("Half done."), Stage.InService);
        await MustAsync(seller, "delivery", new DeliverBody(sow, acceptance), Stage.Delivered);
        await MustAsync(buyer, "delivery/reject", new ReasonBody("The report is missing."), Stage.DeliveryRejected);
        await MustAsync(seller, "delivery", new DeliverBody(sow, acceptance, Note: "With the report."), Stage.Delivered);
        var accepted = await MustAsync(buyer, "delivery/accept", new NoteBody("Thanks."), Stage.Accepted);
        _factory.Clock.Advance(Duration.FromHours(3));

        var view = await (await buyer.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();

        view.Stage.Should().Be(Stage.Completed);
        view.IsBillable.Should().BeTrue();
        view.CompletedAt.Should().Be(accepted.At + Duration.FromHours(3));
        view.DeliveryRejections.Should().Be(1);
        view.RequestRejections.Should().Be(1);
        view.Records.Select(r => r.Action).Should().Equal(
            SupervisionAction.CreateFlow, SupervisionAction.SubmitRequest, SupervisionAction.ReturnRequest, SupervisionAction.SubmitRequest,
            SupervisionAction.AcceptRequest, SupervisionAction.SendReminder, SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver,
            SupervisionAction.RejectDelivery, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery, SupervisionAction.CompleteOnSchedule);
    }

    [Fact]
    public async Task Commands_AnAppealOpenedAndDecided_ReturnsTheFlowToAnEarlierStage()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var seller = _factory.ClientAs(Api.Seller);
        using var manager = _factory.ClientAs(Api.Manager);
        await MustAsync(buyer, "request", new SubmitRequestBody("Please migrate."), Stage.RequestSubmitted);
        await MustAsync(seller, "request/accept", null, Stage.InService);

        await MustAsync(seller, "appeal", new OpenAppealBody("The buyer changed the scope.", [new ProofReference("mail", "https://files.example/mail")]), Stage.InService);
        var frozen = await (await buyer.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();
        await MustAsync(manager, "appeal/decision", new DecideAppealBody("Agree on the scope again.", AppealOutcome.ReturnTo, Stage.RequestSubmitted), Stage.RequestSubmitted);
        var after = await (await buyer.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();

        frozen.IsFrozen.Should().BeTrue();
        frozen.WaitingOn.Should().Be(Party.OperationsManagers);
        frozen.Appeal!.OpenedBy.Should().Be(Actor.Seller("seller-1"));
        after.IsFrozen.Should().BeFalse();
        after.Stage.Should().Be(Stage.RequestSubmitted);
    }

    [Fact]
    public void MapServiceSupervision_NamesEveryEndpointForOpenApi()
    {
        var names = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>();

        names.Should().BeEquivalentTo(
            "SupervisionCreateFlow", "SupervisionSearchFlows", "SupervisionGetFlow", "SupervisionGetPermittedActions", "SupervisionGetRecords",
            "SupervisionSubmitRequest", "SupervisionAcceptRequest", "SupervisionReturnRequest", "SupervisionPostProgressUpdate", "SupervisionDeliver",
            "SupervisionAcceptDelivery", "SupervisionRejectDelivery", "SupervisionSendReminder", "SupervisionOpenAppeal", "SupervisionDecideAppeal");
    }

    private static async Task<CommandOutcome> MustAsync(HttpClient client, string command, object? body, Stage stageAfter)
    {
        var response = await client.PostAsync("/supervision/flows/ORD-1/" + command, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{command}: {await response.Content.ReadAsStringAsync()}");
        var outcome = await response.ReadAsync<CommandOutcome>();
        outcome.StageAfter.Should().Be(stageAfter, command);
        response.ETag().Should().Be($"\"{outcome.FlowVersion}\"");
        return outcome;
    }
}
