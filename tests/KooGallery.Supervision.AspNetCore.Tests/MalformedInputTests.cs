using System.Net;
using System.Text.Json.Nodes;
using KooGallery.Supervision.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>
/// Input that is wrong in its form, not its content: a body that is not JSON, a body the server stops reading, a
/// decision without its outcome, an enum value that is not one of its names. Each is a Validation problem (400) that
/// changes nothing.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly SupervisionApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("text/plain", "{\"text\":\"Please migrate.\"}")]
    [InlineData("application/x-www-form-urlencoded", "{\"text\":\"Please migrate.\"}")]
    [InlineData("application/xml", "{\"text\":\"Please migrate.\"}")]
    // Empty: before, an empty text or form body was "no input", so a page of the same site could run a command for a
    // user signed in by cookie with a plain form post (browsers send these to other origins without asking).
    [InlineData("text/plain", "")]
    [InlineData("application/x-www-form-urlencoded", "")]
    [InlineData("multipart/form-data; boundary=x", "")]
    public async Task A_command_body_that_is_not_JSON_is_a_Validation_problem_not_a_bare_415(string contentType, string body)
    {
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", content);

        var problem = await ValidationAsync(response);
        problem["errors"]!["body"].Should().NotBeNull();
        (await VersionAsync("ORD-1")).Should().Be(1);
    }

    [Fact]
    public async Task A_flow_body_that_is_not_JSON_is_a_Validation_problem_and_creates_nothing()
    {
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));

        (await ValidationAsync(response))["errors"]!["body"].Should().NotBeNull();
        (await manager.GetAsync("/supervision/flows")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await manager.GetAsync("/supervision/flows")).JsonOfAsync())["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task The_documented_endpoints_still_declare_JSON_and_the_fallbacks_are_not_described()
    {
        var endpoints = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;

        var decision = endpoints.Where(e => (e as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText?.EndsWith("/appeal/decision", StringComparison.Ordinal) == true).ToList();

        decision.Should().HaveCount(2);
        decision.Should().ContainSingle(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() != null
            && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() == null);
        decision.Should().ContainSingle(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() == null
            && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()!.ExcludeFromDescription);
    }

    [Fact]
    public async Task A_body_the_server_stops_reading_is_a_Validation_problem()
    {
        using var limited = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter, BodyLimitFilter>()));
        await CreateAsync(limited, "ORD-1");
        using var seller = limited.CreateClient();
        seller.DefaultRequestHeaders.Add(SupervisionApiFactory.UserHeader, Api.Seller);

        var response = await seller.PostAsync("/supervision/flows/ORD-1/request/return", Api.RawJson("{\"reason\":\"" + new string('x', 4_000) + "\"}"));

        var problem = await ValidationAsync(response);
        problem["errors"]!["body"]![0]!.GetValue<string>().Should().Contain("too large");
    }

    [Fact]
    public async Task A_decision_without_an_outcome_is_refused_naming_it_and_the_appeal_stays_open()
    {
        // Before: the missing outcome was read as the enum's first value, and the appeal was decided as Resume.
        await FrozenAsync();
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows/ORD-1/appeal/decision", Api.RawJson("{\"decision\":\"Close it, the order was refunded.\"}"));

        var problem = await ValidationAsync(response);
        problem["errors"]!["outcome"]![0]!.GetValue<string>().Should().Contain("Resume, ReturnTo, Complete or Close");
        (await ViewAsync())["isFrozen"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task A_decision_without_an_outcome_is_judged_in_the_library_s_order_flow_and_stage_first()
    {
        await _factory.CreateAsync("ORD-1");
        using var manager = _factory.ClientAs(Api.Manager);
        var body = Api.RawJson("{\"decision\":\"Close it.\"}");

        var noAppeal = await manager.PostAsync("/supervision/flows/ORD-1/appeal/decision", body);
        var noFlow = await manager.PostAsync("/supervision/flows/ORD-404/appeal/decision", Api.RawJson("{\"decision\":\"Close it.\"}"));

        noAppeal.StatusCode.Should().Be(HttpStatusCode.Conflict, await noAppeal.Content.ReadAsStringAsync());
        (await noAppeal.JsonOfAsync())["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.NoOpenAppeal);
        noFlow.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("\"ReturnTo, Complete\"")]
    [InlineData("\"Resume,Close\"")]
    [InlineData("\" Close\"")]
    [InlineData("3")]
    [InlineData("\"3\"")]
    [InlineData("\"Finish\"")]
    public async Task An_outcome_that_is_not_exactly_one_name_is_refused_and_changes_nothing(string outcome)
    {
        // Before: "ReturnTo, Complete" was read as their bits combined, which is Close: an irreversible end.
        await FrozenAsync();
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows/ORD-1/appeal/decision", Api.RawJson($"{{\"decision\":\"Decided.\",\"outcome\":{outcome}}}"));

        (await ValidationAsync(response))["errors"]!.AsObject().Should().ContainSingle().Which.Key.Should().Be("outcome");
        var view = await ViewAsync();
        view["isFrozen"]!.GetValue<bool>().Should().BeTrue();
        view["stage"]!.GetValue<string>().Should().Be("AwaitingRequest");
    }

    [Theory]
    [InlineData("{\"decision\":\"Decided.\",\"outcome\":\"Close\",\"outcome\":\"Resume\"}", "outcome")]
    [InlineData("{\"decision\":\"Decided.\",\"Outcome\":\"Close\",\"outcome\":\"Resume\"}", "outcome")]
    [InlineData("{\"decision\":\"First.\",\"decision\":\"Second.\",\"outcome\":\"Resume\"}", "decision")]
    public async Task A_member_given_twice_is_refused_naming_it_and_changes_nothing(string body, string member)
    {
        // Before: the last one given won, so "Close" then "Resume" resumed the flow.
        await FrozenAsync();
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows/ORD-1/appeal/decision", Api.RawJson(body));

        (await ValidationAsync(response))["errors"]!.AsObject().Should().ContainSingle().Which.Key.Should().Be(member);
        (await ViewAsync())["isFrozen"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"text\":123}", "text", "Give a string.")]
    [InlineData("{\"text\":\"a\",\"fields\":\"x\"}", "fields", "Give an object whose every value is a string.")]
    [InlineData("{\"text\":\"a\",\"fields\":{\"a\":1}}", "fields.a", "Give a string.")]
    [InlineData("{\"text\":\"\\ud800\"}", "text", "The text holds an escaped lone surrogate")]
    [InlineData("[1]", "body", "Give an object.")]
    [InlineData("{\"text\":\"a\",}", "body", "The JSON object contains a trailing comma")]
    [InlineData("{\"text\":\"a\",\"fields\":{\"odd name\":1}}", "fields.odd name", "Give a string.")]
    [InlineData("{\"text\":\"a\",\"fields\":{\"a.b\":1}}", "fields.a.b", "Give a string.")]
    [InlineData("{\"text\":\"a\",\"fields\":{\"it's\":1}}", "fields.it's", "Give a string.")]
    [InlineData("{\"text\":\"a\",\"fields\":{\"a\":\"x\",\"a\":\"y\"}}", "fields.a", "The member is given more than once; give it once.")]
    public async Task A_member_of_the_wrong_type_is_explained_in_the_API_s_words_not_in_NET_type_names(string body, string member, string message)
    {
        // Before: "The JSON value could not be converted to KooGallery.Supervision.AspNetCore.SubmitRequestBody."
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);

        var response = await buyer.PostAsync("/supervision/flows/ORD-1/request", Api.RawJson(body));

        var errors = (await ValidationAsync(response))["errors"]!.AsObject();
        var text = errors.Should().ContainSingle().Which.Value!.AsArray().Single()!.GetValue<string>();
        errors.Single().Key.Should().Be(member);
        text.Should().StartWith(message).And.Contain("of the body").And.NotContain("KooGallery").And.NotContain("System.").And.NotContain("LineNumber");
        (await ViewAsync())["stage"]!.GetValue<string>().Should().Be("AwaitingRequest");
    }

    [Theory]
    [InlineData("\"amountPaid\":1e40", "amountPaid", "Give a number within the range this member takes.")]
    [InlineData("\"productKind\":5", "productKind", "Give one of the names of ProductKind in a string")]
    public async Task A_new_flow_s_member_out_of_range_or_of_the_wrong_type_says_what_it_takes_and_where(string member, string field, string message)
    {
        using var manager = _factory.ClientAs(Api.Manager);
        var order = "{\"orderNumber\":\"X\",\"buyerId\":\"b\",\"sellerId\":\"s\",\"productId\":\"p\",\"productKind\":\"License\",\"amountPaid\":1,\"currency\":\"CNY\",\"placedAt\":\"2026-03-02T09:00:00Z\"}";
        var name = member[..(member.IndexOf(':', StringComparison.Ordinal) + 1)];
        var start = order.IndexOf(name, StringComparison.Ordinal);
        order = order[..start] + member + order[order.IndexOf(',', start)..];

        var response = await manager.PostAsync("/supervision/flows", Api.RawJson(order));

        var errors = (await ValidationAsync(response))["errors"]!.AsObject();
        errors.Should().ContainSingle().Which.Key.Should().Be(field);
        errors[field]!.AsArray().Single()!.GetValue<string>().Should().StartWith(message).And.Contain("of the body");
        (await manager.GetAsync("/supervision/flows/X")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_flow_placed_after_the_clock_beyond_its_tolerance_is_a_Validation_problem_with_its_reason()
    {
        using var manager = _factory.ClientAs(Api.Manager);
        var order = Api.Order("FUTURE-1") with { PlacedAt = Instant.FromUtc(2199, 1, 1, 0, 0) };

        var response = await manager.PostAsync("/supervision/flows", Api.Json(order));

        var problem = await ValidationAsync(response);
        problem["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.PlacedInTheFuture);
        problem["errors"]!.AsObject().Should().ContainSingle().Which.Key.Should().Be("placedAt");
        (await manager.GetAsync("/supervision/flows/FUTURE-1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_flow_s_instant_of_the_wrong_form_is_explained_with_an_example()
    {
        using var manager = _factory.ClientAs(Api.Manager);
        var order = "{\"orderNumber\":\"X\",\"buyerId\":\"b\",\"sellerId\":\"s\",\"productId\":\"p\",\"productKind\":\"License\",\"amountPaid\":1,\"currency\":\"CNY\",\"placedAt\":\"yesterday\"}";

        var response = await manager.PostAsync("/supervision/flows", Api.RawJson(order));

        var errors = (await ValidationAsync(response))["errors"]!.AsObject();
        errors.Should().ContainSingle().Which.Key.Should().Be("placedAt");
        errors["placedAt"]!.AsArray().Single()!.GetValue<string>().Should().Contain("2026-03-02T09:00:00Z");
    }

    [Theory]
    [InlineData("A|B")] // two header fields
    [InlineData("A, B")] // one field, as a client or a proxy joins two
    [InlineData("A,B")]
    public async Task Two_idempotency_keys_are_refused_naming_the_command_id_and_nothing_acts(string keys)
    {
        // Before: the two were joined into one id ("A,B") and the command acted.
        await _factory.CreateAsync("ORD-1");
        using var buyer = _factory.ClientAs(Api.Buyer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/supervision/flows/ORD-1/request") { Content = Api.RawJson("{\"text\":\"Please migrate.\"}") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", keys.Split('|'));

        var response = await buyer.SendAsync(request);

        (await ValidationAsync(response))["errors"]!.AsObject().Should().ContainSingle().Which.Key.Should().Be("commandId");
        (await ViewAsync())["stage"]!.GetValue<string>().Should().Be("AwaitingRequest");
    }

    [Fact]
    public async Task An_outcome_named_in_another_case_is_still_taken()
    {
        await FrozenAsync();
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows/ORD-1/appeal/decision", Api.RawJson("{\"decision\":\"Go on.\",\"outcome\":\"resume\"}"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await ViewAsync())["isFrozen"]!.GetValue<bool>().Should().BeFalse();
    }

    [Theory]
    [InlineData("stage=RequestSubmitted,RequestReturned", "stage")]
    [InlineData("stage=%203", "stage")]
    [InlineData("stage=%20InService", "stage")]
    [InlineData("status=Processing,Completed", "status")]
    [InlineData("stalled=%20true", "stalled")]
    [InlineData("underAppeal=yes", "underAppeal")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("buyerId=%20", "buyerId")]
    [InlineData("productId=%20", "productId")]
    public async Task A_bad_search_value_is_a_Validation_problem_naming_the_parameter_as_the_query_string_spells_it(string query, string parameter)
    {
        // Before, the library's own checks named PageSize and BuyerId, the query string's parsing pageSize.
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.GetAsync("/supervision/flows?" + query);

        (await ValidationAsync(response))["errors"]!.AsObject().Select(p => p.Key).Should().Equal(parameter);
    }

    [Theory]
    [InlineData("stage=inservice")]
    [InlineData("stalled=TRUE")]
    [InlineData("underAppeal=False")]
    public async Task A_search_value_in_another_case_is_still_taken(string query)
    {
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.GetAsync("/supervision/flows?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("W/1")]
    [InlineData("2026/03/ORD-7")]
    [InlineData("100% done")]
    public Task An_order_number_with_a_slash_is_reached_at_its_Location_on_a_server_without_raw_targets(string orderNumber) =>
        ReachedAtLocationAsync(_factory, orderNumber);

    [Theory]
    [InlineData("W/1")]
    [InlineData("2026/03/ORD-7")]
    [InlineData("A%2FB")]
    [InlineData("100% done")]
    public async Task An_order_number_with_a_slash_or_a_literal_escape_is_reached_at_its_Location_on_Kestrel(string orderNumber)
    {
        // Kestrel decodes the path except %2F, and keeps the raw target that tells "A/B" (A%2FB) from "A%2FB" (A%252FB).
        using var kestrel = new SupervisionApiFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();

        await ReachedAtLocationAsync(kestrel, orderNumber);
    }

    [Theory]
    [InlineData("/supervision/./flows/A%252FB", "A%2FB")]
    [InlineData("/supervision/flows/./A%252FB", "A%2FB")]
    [InlineData("/supervision/x/../flows/A%2FB", "A/B")]
    [InlineData("/supervision/flows/A%2FB/./actions", "A/B")]
    [InlineData("/supervision/flows/A%252FB/%2E/actions", "A%2FB")]
    public async Task Dot_segments_in_the_raw_path_never_lead_to_another_flow(string path, string expected)
    {
        // Before: the decoded and raw paths had to have as many segments; with a dot segment, "A%2FB" was read as "A/B".
        using var kestrel = new SupervisionApiFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        await CreateAsync(kestrel, "A/B");
        await CreateAsync(kestrel, "A%2FB");
        using var buyer = kestrel.ClientAs(Api.Buyer);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(buyer.BaseAddress!, new Uri(path, UriKind.Relative)));

        var response = await buyer.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = await response.JsonOfAsync();
        if (path.EndsWith("/actions", StringComparison.Ordinal))
        {
            json.AsArray().Should().NotBeEmpty();
        }
        else
        {
            json["orderNumber"]!.GetValue<string>().Should().Be(expected);
        }
    }

    [Fact]
    public async Task A_path_base_in_front_of_the_API_leaves_the_order_number_found()
    {
        using var kestrel = new SupervisionApiFactory();
        using var based = kestrel.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new PathBaseFilter("/shop"))));
        based.UseKestrel(0);
        based.StartServer();
        await CreateAsync(based, "A%2FB");
        using var buyer = based.CreateClient();
        buyer.DefaultRequestHeaders.Add(SupervisionApiFactory.UserHeader, Api.Buyer);

        var response = await buyer.GetAsync("/shop/supervision/flows/A%252FB");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.JsonOfAsync())["orderNumber"]!.GetValue<string>().Should().Be("A%2FB");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task An_order_number_no_URL_path_can_name_is_not_created_through_the_API(string orderNumber)
    {
        using var manager = _factory.ClientAs(Api.Manager);

        var response = await manager.PostAsync("/supervision/flows", Api.Json(Api.Order(orderNumber)));

        (await ValidationAsync(response))["errors"]!["orderNumber"].Should().NotBeNull();
        (await (await manager.GetAsync("/supervision/flows")).JsonOfAsync())["items"]!.AsArray().Should().BeEmpty();
    }

    private static async Task ReachedAtLocationAsync(SupervisionApiFactory factory, string orderNumber)
    {
        // Before: the flow was created, but every route to it answered 404, the Location included.
        using var manager = factory.ClientAs(Api.Manager);
        var created = await manager.PostAsync("/supervision/flows", Api.Json(Api.Order(orderNumber)));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.OriginalString;
        using var buyer = factory.ClientAs(Api.Buyer);

        var view = await buyer.GetAsync(location);
        var actions = await buyer.GetAsync(location + "/actions");
        var submitted = await buyer.PostAsync(location + "/request", new SubmitRequestBody("Please migrate."));
        var records = await buyer.GetAsync(location + "/records");

        view.StatusCode.Should().Be(HttpStatusCode.OK, await view.Content.ReadAsStringAsync());
        (await view.JsonOfAsync())["orderNumber"]!.GetValue<string>().Should().Be(orderNumber);
        actions.StatusCode.Should().Be(HttpStatusCode.OK);
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await records.JsonOfAsync()).AsArray().Should().HaveCount(2);
    }

    private async Task FrozenAsync()
    {
        await _factory.CreateAsync("ORD-1");
        using var seller = _factory.ClientAs(Api.Seller);
        var opened = await seller.PostAsync("/supervision/flows/ORD-1/appeal", new OpenAppealBody("The buyer never writes.", null));
        opened.StatusCode.Should().Be(HttpStatusCode.OK, await opened.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> ViewAsync()
    {
        using var manager = _factory.ClientAs(Api.Manager);
        var response = await manager.GetAsync("/supervision/flows/ORD-1");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.JsonOfAsync();
    }

    private async Task<long> VersionAsync(string orderNumber)
    {
        using var manager = _factory.ClientAs(Api.Manager);
        return (await (await manager.GetAsync("/supervision/flows/" + orderNumber)).JsonOfAsync())["version"]!.GetValue<long>();
    }

    private static async Task CreateAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string orderNumber)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(SupervisionApiFactory.UserHeader, Api.Manager);
        var response = await client.PostAsync("/supervision/flows", Api.Json(Api.Order(orderNumber)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> ValidationAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(text)!;
        problem["code"]!.GetValue<string>().Should().Be("Validation");
        return problem;
    }

    private sealed class PathBaseFilter(string pathBase) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UsePathBase(pathBase);
            next(app);
        };
    }

    /// <summary>Stops reading a request body after 1,024 bytes as Kestrel does past its limit (the test server has none).</summary>
    private sealed class BodyLimitFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Body = new LimitedStream(context.Request.Body, 1_024);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
