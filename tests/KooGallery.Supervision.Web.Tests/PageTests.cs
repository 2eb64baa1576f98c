using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.Web.Tests;

/// <summary>The pages in process (WebApplicationFactory's test server) over a real SQLite file.</summary>
public sealed class PageTests : IAsyncLifetime
{
    private readonly SampleApp _app = new();
    private PageClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = new PageClient(_app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_AsBuyer_ShowsWhatWaitsOnTheBuyer()
    {
        var (status, html) = await _client.GetAsync("/");
        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().Contain("Development sign-in").And.Contain("DEVELOPMENT ONLY, NOT FOR PRODUCTION",
            "an anonymous visitor is sent to the development sign-in, which says it is not for production");

        (status, html) = await _client.SignInAsync("Buyer", "alice");

        status.Should().Be(HttpStatusCode.OK);
        var text = PageClient.Text(html);
        text.Should().Contain("Signed in as buyer alice").And.Contain("Waiting on me").And.Contain("Nothing waits on you.");
    }

    [Fact]
    public async Task FlowPage_NewDemoOrder_ShowsStripCountsWaitingConditionsRecordsAndTheBuyersForm()
    {
        await _client.SignInAsync("Buyer", "alice");

        var (status, html) = await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7001"), new("ProductId", "db-migration"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);

        status.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<li class=\"current\" aria-current=\"step\" data-stage=\"AwaitingRequest\">Awaiting request</li>");
        var text = PageClient.Text(html);
        text.Should().Contain("Order ORD-7001 placed and its flow created.");
        text.Should().Contain("Waiting on the buyer").And.Contain("Request rejections 0").And.Contain("Delivery rejections 0");
        text.Should().Contain("not met: request rejections 0 of 3").And.Contain("not met: delivery rejections 0 of 3", "the buyer's appeal conditions are listed");
        text.Should().Contain("Create flow", "the creation record is on the timeline");
        html.Should().Contain("data-action=\"SubmitRequest\"").And.NotContain("data-action=\"AcceptRequest\"",
            "the buyer gets a form for each action it may take, and only those");
        text.Should().Contain("Source database (required)").And.Contain("Maintenance window (optional)");
    }

    [Fact]
    public async Task RefusedAction_ShowsTheLibrarysMessageOnThePage()
    {
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7002"), new("ProductId", "architecture-review"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        var supervisor = _app.Services.GetRequiredService<ServiceSupervisor>();
        var expected = await supervisor.ExecuteAsync(new OpenAppeal("c-refused", "ORD-7002", Actor.Buyer("alice"), "The seller does not answer."));
        expected.IsSuccess.Should().BeFalse("a buyer may not appeal before a condition holds");

        // A form sent from a stale page: the buyer's appeal, which the library refuses (nothing changes).
        var (status, html) = await _client.PostFormAsync("/flows/ORD-7002",
            [new("Input.Action", "OpenAppeal"), new("Input.CommandId", "c-page"), new("Input.Text", "The seller does not answer.")]);

        status.Should().Be(HttpStatusCode.OK);
        var text = PageClient.Text(html);
        text.Should().Contain("Refused (ConditionNotMet): " + expected.Error!.Message);
        html.Should().Contain("data-stage=\"AwaitingRequest\">Awaiting request</li>", "the refused action changed nothing");
    }

    [Fact]
    public async Task FlowPage_OfAnotherBuyersFlow_ShowsTheRefusal()
    {
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7003"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        await _client.SignInAsync("Buyer", "mallory");

        var (status, html) = await _client.GetAsync("/flows/ORD-7003");

        status.Should().Be(HttpStatusCode.Forbidden);
        PageClient.Text(html).Should().Contain("Refused (Forbidden)");
        html.Should().NotContain("order-parties", "a stranger learns nothing of the order: not its parties, product or amount");
        PageClient.Text(html).Should().NotContain("bytecraft");
    }

    [Theory]
    [InlineData("Clsoe")]
    [InlineData("ReturnTo, Complete")]
    [InlineData("3")]
    public async Task DecisionForm_WithAnOutcomeThePageCannotRead_IsRefusedAndTheAppealStaysOpen(string outcome)
    {
        // Before: the unreadable outcome was left at the enum's first value, and the appeal was decided as Resume.
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7010"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        var supervisor = _app.Services.GetRequiredService<ServiceSupervisor>();
        (await supervisor.ExecuteAsync(new OpenAppeal("c-appeal", "ORD-7010", Actor.Seller("bytecraft"), "The buyer does not answer."))).IsSuccess.Should().BeTrue();
        await _client.SignInAsync("OperationsManager", "olivia");

        var (status, html) = await _client.PostFormAsync("/flows/ORD-7010",
            [new("Input.Action", "DecideAppeal"), new("Input.CommandId", "c-decide"), new("Input.Text", "Close it."), new("Input.Outcome", outcome)]);

        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().Contain("Refused (Validation)");
        (await supervisor.GetViewAsync("ORD-7010", Actor.OperationsManager("olivia"))).Value.IsFrozen.Should().BeTrue();
    }

    [Theory]
    [InlineData("Admin", "olivia")]
    [InlineData("Buyer", "ali\u200bce")]
    [InlineData("Buyer, Seller", "olivia")]
    [InlineData("2", "olivia")]
    public async Task SignIn_WithARoleOrAnIdTheLibraryDoesNotTake_SignsNobodyIn(string role, string id)
    {
        var (status, html) = await _client.SignInAsync(role, id);

        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().NotContain("Signed in as").And.Contain("Development sign-in");
    }

    [Fact]
    public async Task NewDemoOrder_WithASlashInItsNumber_OpensItsFlowPage()
    {
        await _client.SignInAsync("Buyer", "alice");

        var (status, html) = await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD/7020"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        var (again, page) = await _client.GetAsync("/flows/ORD%2F7020");

        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().Contain("Order ORD/7020 placed and its flow created.");
        again.Should().Be(HttpStatusCode.OK);
        page.Should().Contain("data-stage=\"InService\"");
    }

    [Fact]
    public async Task FlowPage_OfAnOrderNumberHoldingALiteralPercent2F_IsThatOrdersNotTheOneWithASlash()
    {
        // Before: "/flows/A%252FB" was read as the order A/B, and a form posted there acted on A/B. On Kestrel, whose raw
        // request target tells the two apart (the test server keeps none).
        await using var app = new SampleApp(kestrel: true);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = app.StartOnKestrel() };
        var client = new PageClient(http);
        await client.SignInAsync("Buyer", "alice");
        await client.PostFormAsync("/flows/new", [new("OrderNumber", "A/B"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        await client.PostFormAsync("/flows/new", [new("OrderNumber", "A%2FB"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);

        var (slash, slashPage) = await client.GetAsync("/flows/A%2FB");
        var (literal, literalPage) = await client.GetAsync("/flows/A%252FB");
        var (trailing, trailingPage) = await client.GetAsync("/flows/A%252FB/");

        slash.Should().Be(HttpStatusCode.OK);
        literal.Should().Be(HttpStatusCode.OK);
        trailing.Should().Be(HttpStatusCode.OK);
        PageClient.Text(slashPage).Should().Contain("Order A/B");
        PageClient.Text(literalPage).Should().Contain("Order A%2FB");
        PageClient.Text(trailingPage).Should().Contain("Order A%2FB");
    }

    [Fact]
    public async Task FlowPage_OfAFrozenFlow_SaysHowLongItHasWaitedOnTheOperationsManagers()
    {
        // Before: only whom it waits on was shown, since the idle clock stands still while frozen (R28).
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new", [new("OrderNumber", "ORD-7030"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        var supervisor = _app.Services.GetRequiredService<ServiceSupervisor>();
        (await supervisor.ExecuteAsync(new OpenAppeal("c-appeal-7030", "ORD-7030", Actor.Seller("bytecraft"), "The buyer does not answer."))).IsSuccess.Should().BeTrue();
        await _client.PostFormAsync("/flows/ORD-7030", [new("hours", "24"), new("returnUrl", "/flows/ORD-7030")], postTo: "/dev/clock");

        var (status, html) = await _client.GetAsync("/flows/ORD-7030");

        status.Should().Be(HttpStatusCode.OK);
        html.Should().MatchRegex(@"id=""waiting-on"">[^<]*<span> for 1 day</span>");
    }

    [Theory]
    [InlineData("NEW")]
    [InlineData("New")]
    public async Task NewDemoOrder_NamedNewInAnyCase_IsRefusedAsUnreachable(string number)
    {
        await _client.SignInAsync("Buyer", "alice");

        var (status, html) = await _client.PostFormAsync("/flows/new", [new("OrderNumber", number), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);

        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().Contain("cannot be reached at /flows/");
        var supervisor = _app.Services.GetRequiredService<ServiceSupervisor>();
        (await supervisor.GetViewAsync(number, Actor.OperationsManager("olivia"))).IsSuccess.Should().BeFalse();
    }

    [Fact]
    public async Task NewDemoOrder_WithEmptyFields_IsRefusedNotACrash()
    {
        await _client.SignInAsync("Buyer", "alice");

        var (status, html) = await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", ""), new("ProductId", "crm-seats"), new("BuyerId", ""), new("SellerId", "bytecraft")]);

        status.Should().Be(HttpStatusCode.OK);
        PageClient.Text(html).Should().Contain("Refused (Validation)");
    }

    [Fact]
    public async Task ActionForm_WithoutItsAntiforgeryToken_IsRejected()
    {
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7004"), new("ProductId", "architecture-review"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);

        using var form = new FormUrlEncodedContent([new("Input.Action", "SubmitRequest"), new("Input.CommandId", "c-forged"), new("Input.Text", "Forged.")]);
        using var response = await _client.Http.PostAsync("/flows/ORD-7004", form);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var (_, html) = await _client.GetAsync("/flows/ORD-7004");
        html.Should().Contain("data-stage=\"AwaitingRequest\">Awaiting request</li>", "nothing was submitted");
    }

    [Fact]
    public async Task ClockControl_ThreeHoursAfterAcceptance_CompletesTheFlow()
    {
        var supervisor = _app.Services.GetRequiredService<ServiceSupervisor>();
        await _client.SignInAsync("Buyer", "alice");
        await _client.PostFormAsync("/flows/new",
            [new("OrderNumber", "ORD-7005"), new("ProductId", "crm-seats"), new("BuyerId", "alice"), new("SellerId", "bytecraft")]);
        var seller = Actor.Seller("bytecraft");
        (await supervisor.ExecuteAsync(new Deliver("c-1", "ORD-7005", seller,
            new ProofReference("Statement of work", "https://files.example/sow.pdf"),
            new ProofReference("Acceptance document", "https://files.example/acceptance.pdf")))).IsSuccess.Should().BeTrue();
        (await supervisor.ExecuteAsync(new AcceptDelivery("c-2", "ORD-7005", Actor.Buyer("alice")))).IsSuccess.Should().BeTrue();

        var (status, html) = await _client.PostFormAsync("/flows/ORD-7005", [new("hours", "3"), new("returnUrl", "/flows/ORD-7005")], postTo: "/dev/clock");

        status.Should().Be(HttpStatusCode.OK);
        var text = PageClient.Text(html);
        text.Should().Contain("Clock moved forward 3 hours to 2026-03-02 12:00 UTC; the sweep updated 1 flow.");
        html.Should().Contain("<li class=\"current\" aria-current=\"step\" data-stage=\"Completed\">Completed</li>");
        text.Should().Contain("Status Completed");
    }

    [Fact]
    public async Task Api_WithoutASignedInUser_Answers401WithTheUnauthenticatedProblem()
    {
        // Before: the cookie scheme's challenge set the status alone, and the 401 had no body.
        using var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var response = await anonymous.GetAsync("/supervision/flows/ORD-1");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().Should().Be("Unauthenticated");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(401);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApiAndNoPage_AndHealthIsMapped()
    {
        var (status, json) = await _client.GetAsync("/openapi/v1.json");
        status.Should().Be(HttpStatusCode.OK);
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            paths.Should().NotContain(p => p == "/" || p.StartsWith("/flows", StringComparison.Ordinal) || p.StartsWith("/signin", StringComparison.Ordinal)
                || p.StartsWith("/dev", StringComparison.Ordinal), "the pages are not API");
            paths.Should().Contain(["/supervision/flows", "/supervision/flows/{orderNumber}", "/supervision/flows/{orderNumber}/appeal/decision"],
                "the sample maps the library's API under /supervision");

            // The document describes the wire format the endpoints use: enums by name, instants and durations as text.
            var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
            schemas.GetProperty("Stage").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).Should().Contain("InService");
            schemas.GetProperty("Instant").GetProperty("type").GetString().Should().Be("string");
            schemas.GetProperty("Instant").GetProperty("format").GetString().Should().Be("date-time");
            schemas.GetProperty("Duration").GetProperty("type").GetString().Should().Be("string");
        }

        var (healthStatus, health) = await _client.GetAsync("/health");
        healthStatus.Should().Be(HttpStatusCode.OK);
        health.Should().Be("Healthy");

        var (scalarStatus, scalar) = await _client.GetAsync("/scalar/");
        scalarStatus.Should().Be(HttpStatusCode.OK);
        scalar.Should().Contain("scalar.js");
    }
}

/// <summary>Outside Development, without the explicit setting, the development tools are off.</summary>
public sealed class ProductionPageTests : IAsyncLifetime
{
    private readonly SampleApp _app = new(environment: "Production");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DevelopmentSignInAndClock_AreOff()
    {
        using var http = _app.CreateClient();
        var client = new PageClient(http);

        var (status, html) = await client.GetAsync("/signin");
        status.Should().Be(HttpStatusCode.NotFound);
        PageClient.Text(html).Should().Contain("The development sign-in is off");

        (status, _) = await client.GetAsync("/dev/clock");
        status.Should().NotBe(HttpStatusCode.OK);
        _app.Services.GetService<Development.DevelopmentClock>().Should().BeNull("production keeps the system clock");
    }
}
