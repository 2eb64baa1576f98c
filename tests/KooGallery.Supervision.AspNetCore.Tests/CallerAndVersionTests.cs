using System.Net;
using System.Text.Json.Nodes;
using KooGallery.Supervision.AspNetCore;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>Who calls (the claims, never the body), the Idempotency-Key as the command id, and ETag / If-Match on the flow version.</summary>
public sealed class CallerAndVersionTests : IDisposable
{
    private readonly SupervisionApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("System:system")]
    [InlineData("Guest:someone")]
    [InlineData("Buyer,Seller:both")]
    [InlineData("Buyer:")]
    public async Task AnyEndpoint_WithoutAKnownCaller_Is401Problem(string? user)
    {
        await _factory.CreateAsync("ORD-1");
        using var client = _factory.ClientAs(user);

        var responses = new[]
        {
            await client.GetAsync("/supervision/flows/ORD-1"),
            await client.GetAsync("/supervision/flows"),
            await client.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Hello.")),
        };

        foreach (var response in responses)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.JsonOfAsync();
            problem["code"]!.GetValue<string>().Should().Be("Unauthenticated");
            problem["type"]!.GetValue<string>().Should().Be(SupervisionProblemDetails.UnauthenticatedType);
        }
    }

    [Fact]
    public async Task Command_WithAnActorInTheBody_ActsAsTheSignedInCallerOnly()
    {
        await _factory.CreateAsync("ORD-1");
        using var stranger = _factory.ClientAs(Api.Stranger);

        var response = await stranger.PostAsync("/supervision/flows/ORD-1/request",
            Api.RawJson("{\"text\":\"Please.\",\"actor\":{\"id\":\"buyer-1\",\"role\":\"Buyer\"},\"commandId\":\"x\"}"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the body cannot name who acts");
    }

    [Fact]
    public async Task Command_RetriedWithTheSameIdempotencyKey_ReplaysTheFirstOutcomeOnce()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var first = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), idempotencyKey: "key-1");
        _factory.Clock.Advance(Duration.FromMinutes(1));
        var second = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), idempotencyKey: "key-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        var a = await first.ReadAsync<CommandOutcome>();
        var b = await second.ReadAsync<CommandOutcome>();
        a.CommandId.Should().Be("key-1");
        a.IsReplay.Should().BeFalse();
        b.IsReplay.Should().BeTrue();
        b.FlowVersion.Should().Be(a.FlowVersion);
        b.At.Should().Be(a.At);
        var records = await (await buyer.GetAsync("/supervision/flows/ORD-1/records")).ReadAsync<List<OperationRecord>>();
        records.Count(r => r.Action == SupervisionAction.SubmitRequest).Should().Be(1);
        records.Single(r => r.Action == SupervisionAction.SubmitRequest).CommandId.Should().Be("key-1");
    }

    [Fact]
    public async Task Command_SameIdempotencyKeyWithAnotherBody_Is409CommandIdReused()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), idempotencyKey: "key-1")).EnsureSuccessStatusCode();

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Something else."), idempotencyKey: "key-1");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.JsonOfAsync();
        problem["code"]!.GetValue<string>().Should().Be("Conflict");
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.CommandIdReused);
    }

    [Fact]
    public async Task Command_WithoutAnIdempotencyKey_GetsANewIdEachTimeAndActsEachTime()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var seller = _factory.ClientAs(Api.Seller);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        (await seller.PostAsync("/supervision/flows/ORD-1/request/accept", body: null)).EnsureSuccessStatusCode();

        var first = await seller.PostAsync("/supervision/flows/ORD-1/progress", new ProgressUpdateBody("Half done."));
        var second = await seller.PostAsync("/supervision/flows/ORD-1/progress", new ProgressUpdateBody("Half done."));

        var a = await first.ReadAsync<CommandOutcome>();
        var b = await second.ReadAsync<CommandOutcome>();
        a.CommandId.Should().NotBe(b.CommandId);
        first.Headers.GetValues("Idempotency-Key").Single().Should().Be(a.CommandId);
        b.IsReplay.Should().BeFalse();
        b.FlowVersion.Should().Be(a.FlowVersion + 1);
    }

    [Fact]
    public async Task Command_IfMatchTheViewsETag_Acts()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        var etag = (await buyer.GetAsync("/supervision/flows/ORD-1")).ETag();

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), ifMatch: etag);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.ETag().Should().Be("\"2\"");
    }

    [Fact]
    public async Task Command_IfMatchAStaleETag_Is412AndChangesNothing()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var seller = _factory.ClientAs(Api.Seller);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        var stale = (await seller.GetAsync("/supervision/flows/ORD-1")).ETag();
        (await seller.PostAsync("/supervision/flows/ORD-1/request/accept", body: null)).EnsureSuccessStatusCode();
        var before = await (await seller.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();

        var response = await seller.PostAsync("/supervision/flows/ORD-1/progress", new ProgressUpdateBody("Half done."), ifMatch: stale);

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        var problem = await response.JsonOfAsync();
        problem["code"]!.GetValue<string>().Should().Be("Conflict");
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.StaleVersion);
        var after = await (await seller.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();
        after.Version.Should().Be(before.Version);
        after.Records.Should().HaveCount(before.Records.Count);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    [InlineData("\"one\"")]
    [InlineData("\"01\"")]
    [InlineData("\"1\" trailing")]
    [InlineData("\"5\", \"7\"")]
    [InlineData("\"1\", *")] // '*' stands alone (RFC 9110)
    public async Task Command_IfMatchNamingNoETagOfTheFlow_Is412(string ifMatch)
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), ifMatch: ifMatch);

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await (await buyer.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>()).Version.Should().Be(1);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"0\", \"1\"")]
    [InlineData("W/\"1\", \"1\"")]
    [InlineData("\"1\",\"7\"")]
    public async Task Command_IfMatchAnyVersionOrAListHoldingTheCurrentETag_Acts(string ifMatch)
    {
        // RFC 9110: If-Match holds for * and when any listed strong tag is the current one.
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), ifMatch: ifMatch);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.ETag().Should().Be("\"2\"");
    }

    [Fact]
    public async Task Command_IfMatchAListFromAStranger_IsForbiddenNotAPreconditionAnswer()
    {
        // A list is compared with the stored version, and the command authorizes its caller first: a stranger learns
        // nothing of the version.
        await _factory.CreateAsync("ORD-1");
        using var stranger = _factory.ClientAs(Api.Stranger);

        var response = await stranger.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."), ifMatch: "\"0\", \"1\"");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Command_IfMatchAListFromAWrongRole_IsForbiddenAndCatchesUpNoTimer()
    {
        // Before: the list was compared through the caller's view, whose read caught up and saved the due stall
        // before the command was refused; authorization comes before any catch-up.
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        _factory.Clock.Advance(Duration.FromDays(6));
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows/ORD-1/request/accept", body: null, ifMatch: "\"2\", \"3\"");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var stored = await _factory.Services.GetRequiredService<IServiceFlowStore>().LoadAsync("ORD-1", CancellationToken.None);
        stored!.Version.Should().Be(2, "nothing was caught up or saved for a refused caller");
    }

    [Fact]
    public async Task View_Json_HasIsoInstantsEnumNamesAndNoStoredInternals()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).EnsureSuccessStatusCode();
        _factory.Clock.Advance(Duration.FromHours(1));

        var json = (await (await buyer.GetAsync("/supervision/flows/ORD-1")).JsonOfAsync()).AsObject();

        json["asOf"]!.GetValue<string>().Should().Be("2026-03-02T10:00:00.123456789Z");
        json["placedAt"]!.GetValue<string>().Should().Be("2026-03-02T08:55:00.123456789Z");
        json["requestSubmittedAt"]!.GetValue<string>().Should().Be("2026-03-02T09:00:00.123456789Z");
        json["waitingSince"]!.GetValue<string>().Should().Be("2026-03-02T09:00:00.123456789Z");
        json["stage"]!.GetValue<string>().Should().Be("RequestSubmitted");
        json["status"]!.GetValue<string>().Should().Be("Processing");
        json["waitingOn"]!.GetValue<string>().Should().Be("Seller");
        json["productKind"]!.GetValue<string>().Should().Be("ProfessionalService");
        json["isBillable"]!.GetValue<bool>().Should().BeFalse();
        json["permittedActions"]!.AsArray().Select(a => a!.GetValue<string>()).Should().NotBeEmpty();
        json["records"]![1]!["actorRole"]!.GetValue<string>().Should().Be("Buyer");
        json["idleFor"]!.GetValue<string>().Should().Be("0:01:00:00");
        AllKeys(json).Should().NotContain(["flow", "fingerprint", "stallDueAt", "nextTimerDueAt", "idleSince", "longOpenDueAt", "longOpenRaised", "stallRaised", "lastSequence", "completionRemaining", "amountPaid"]);
    }

    [Fact]
    public async Task CommandOutcome_Json_HasNoFingerprint()
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var json = (await (await buyer.PostAsync("/supervision/flows/ORD-1/request", new SubmitRequestBody("Please migrate."))).JsonOfAsync()).AsObject();

        json.Select(p => p.Key).Should().BeEquivalentTo("commandId", "orderNumber", "action", "stageBefore", "stageAfter", "flowVersion", "recordSequence", "at", "isReplay");
        json["action"]!.GetValue<string>().Should().Be("SubmitRequest");
        json["at"]!.GetValue<string>().Should().Be("2026-03-02T09:00:00.123456789Z");
    }

    private static IEnumerable<string> AllKeys(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => AllKeys(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(AllKeys),
        _ => [],
    };
}
