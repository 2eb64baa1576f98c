using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>The endpoints <c>MapServiceSupervision</c> maps, and what each does with a request.</summary>
internal static class SupervisionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// A decision whose body names no outcome: a value the enum does not define, which the library refuses as
    /// invalid input in its own order (no such flow, not the caller's, no appeal open, then the input), never read
    /// as the enum's first value (R24: exactly one outcome).
    /// </summary>
    private const AppealOutcome NoOutcome = (AppealOutcome)(-1);
    public const string GetFlowName = "SupervisionGetFlow";
    private const string Json = "application/json";

    public static void Map(RouteGroupBuilder group)
    {
        MapNotJson(group.MapPost("/flows", CreateAsync));
        group.MapPost("/flows", CreateAsync)
            .WithName("SupervisionCreateFlow")
            .WithSummary("Creates the flow of a paid supervised order")
            .WithDescription("Creating it again with the same data answers with the existing flow; with different data it is a Conflict. By default only an operations manager may create flows.")
            .Accepts<NewServiceFlow>(Json)
            .Produces<FlowView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/flows", SearchAsync)
            .WithName("SupervisionSearchFlows")
            .WithSummary("Searches flows, or lists the flows waiting on the caller")
            .WithDescription("Buyers and sellers find only their own flows. waitingOnMe=true lists the flows waiting on the caller; for an operations manager, the appeal queue, oldest decision deadline first.")
            .Produces<FlowPageResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/flows/{orderNumber}", ViewAsync)
            .WithName(GetFlowName)
            .WithSummary("What the caller sees of a flow now")
            .WithDescription("The ETag header is the flow's version; send it back as If-Match with a command to act only on this version.")
            .Produces<FlowView>()
            .ProducesReadProblems();

        group.MapGet("/flows/{orderNumber}/actions", PermittedActionsAsync)
            .WithName("SupervisionGetPermittedActions")
            .WithSummary("The actions the caller may take on a flow now")
            .Produces<IReadOnlyList<SupervisionAction>>()
            .ProducesReadProblems();

        group.MapGet("/flows/{orderNumber}/records", RecordsAsync)
            .WithName("SupervisionGetRecords")
            .WithSummary("The operation records of a flow, in sequence")
            .Produces<IReadOnlyList<OperationRecord>>()
            .ProducesReadProblems();

        MapCommand<SubmitRequestBody>(group, "/flows/{orderNumber}/request", "SupervisionSubmitRequest", "The buyer submits the request", required: true,
            static (b, id, order, actor) => new SubmitRequest(id, order, actor, b!.Text, b.Fields));
        MapCommand<NoteBody>(group, "/flows/{orderNumber}/request/accept", "SupervisionAcceptRequest", "The seller accepts the request", required: false,
            static (b, id, order, actor) => new AcceptRequest(id, order, actor, b?.Note));
        MapCommand<ReasonBody>(group, "/flows/{orderNumber}/request/return", "SupervisionReturnRequest", "The seller returns the request", required: true,
            static (b, id, order, actor) => new ReturnRequest(id, order, actor, b!.Reason));
        MapCommand<ProgressUpdateBody>(group, "/flows/{orderNumber}/progress", "SupervisionPostProgressUpdate", "The seller posts a progress update", required: true,
            static (b, id, order, actor) => new PostProgressUpdate(id, order, actor, b!.Text));
        MapCommand<DeliverBody>(group, "/flows/{orderNumber}/delivery", "SupervisionDeliver", "The seller delivers with proof", required: true,
            static (b, id, order, actor) => new Deliver(id, order, actor, b!.StatementOfWork, b.AcceptanceDocument, b.FurtherProofs, b.Criteria, b.EnablingInstant, b.Note));
        MapCommand<NoteBody>(group, "/flows/{orderNumber}/delivery/accept", "SupervisionAcceptDelivery", "The buyer accepts the delivery", required: false,
            static (b, id, order, actor) => new AcceptDelivery(id, order, actor, b?.Note));
        MapCommand<ReasonBody>(group, "/flows/{orderNumber}/delivery/reject", "SupervisionRejectDelivery", "The buyer rejects the delivery", required: true,
            static (b, id, order, actor) => new RejectDelivery(id, order, actor, b!.Reason));
        MapCommand<ReminderBody>(group, "/flows/{orderNumber}/reminders", "SupervisionSendReminder", "The buyer reminds the seller", required: false,
            static (b, id, order, actor) => new SendReminder(id, order, actor, b?.Message));
        MapCommand<OpenAppealBody>(group, "/flows/{orderNumber}/appeal", "SupervisionOpenAppeal", "The buyer or the seller opens an appeal", required: true,
            static (b, id, order, actor) => new OpenAppeal(id, order, actor, b!.Reason, b.Proofs));
        MapCommand<DecideAppealBody>(group, "/flows/{orderNumber}/appeal/decision", "SupervisionDecideAppeal", "An operations manager decides the appeal", required: true,
            static (b, id, order, actor) => new DecideAppeal(id, order, actor, b!.Decision, b.Outcome ?? NoOutcome, b.ReturnTo, b.ResetRejectionCounts));
    }

    /// <summary>
    /// The same handler again, for bodies that are not JSON. The documented endpoint declares that it accepts JSON, and
    /// routing answers any other content type for it with a bare 415 before a handler runs. Routing prefers the
    /// endpoint that declares a content type, so this one only gets the requests that the other does not take: the
    /// handler refuses them as every malformed body is refused, with a Validation problem. Left out of the API
    /// description.
    /// </summary>
    private static void MapNotJson(RouteHandlerBuilder builder) => builder.ExcludeFromDescription();

    /// <summary>The problems every read of one flow may answer with: an order number no flow can have, no known caller, not a party of the flow, no such flow.</summary>
    private static RouteHandlerBuilder ProducesReadProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static void MapCommand<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, bool required, Func<TBody?, string, string, Actor, SupervisionCommand> make)
        where TBody : class
    {
        MapNotJson(group.MapPost(pattern, (HttpContext http, string orderNumber, CancellationToken cancellationToken) =>
            CommandAsync(http, orderNumber, required, make, cancellationToken)));
        group.MapPost(pattern, (HttpContext http, string orderNumber, CancellationToken cancellationToken) =>
                CommandAsync(http, orderNumber, required, make, cancellationToken))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("The Idempotency-Key header is the command id: a retry with the same key answers with the first outcome (isReplay true), the same key with another body is a Conflict. Without it a new id is generated. With If-Match (a view's ETag) the command acts only on that version of the flow, else 412.")
            .Accepts<TBody>(!required, Json)
            .Produces<CommandOutcome>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (order, invalid) = await RequestBody.ReadAsync<NewServiceFlow>(http, required: true, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (order!.OrderNumber is "." or "..")
        {
            // A path segment of dots is removed from any URL before routing: no route could ever reach this flow.
            return SupervisionProblemDetails.Validation([new FieldError(nameof(NewServiceFlow.OrderNumber), "An order number of only '.' or '..' cannot be named in a URL path; this API does not create it.")], "The order number cannot be addressed.");
        }

        var options = http.RequestServices.GetRequiredService<IOptions<SupervisionEndpointOptions>>().Value;
        if (!options.MayCreateFlow(actor!, order!))
        {
            return new SupervisionError
            {
                Code = SupervisionErrorCode.Forbidden,
                Reason = SupervisionErrorReason.WrongRole,
                Message = $"A {actor!.Role} may not create flows through this API; flows are created by the host or an operations manager.",
            }.ToHttpResult();
        }

        var supervisor = http.RequestServices.GetRequiredService<ServiceSupervisor>();
        var created = await supervisor.CreateFlowAsync(order!, cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            return created.Error.ToHttpResult();
        }

        // The flow is created: the answer describes it even if the caller has meanwhile given up waiting.
        var view = await supervisor.GetViewAsync(order!.OrderNumber, actor!, CancellationToken.None).ConfigureAwait(false);
        if (!view.IsSuccess)
        {
            return view.Error.ToHttpResult();
        }

        FlowETag.Set(http, view.Value.Version);
        var location = http.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(http, GetFlowName, new { orderNumber = order.OrderNumber });
        var json = Results.Json(view.Value, HttpJson.Options, statusCode: StatusCodes.Status201Created);
        return location is null ? json : new CreatedResult(location, json);
    }

    private static async Task<IResult> ViewAsync(HttpContext http, string orderNumber, CancellationToken cancellationToken)
    {
        orderNumber = SupervisionRouteValues.OrderNumber(http, orderNumber);
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var view = await Supervisor(http).GetViewAsync(orderNumber, actor!, cancellationToken).ConfigureAwait(false);
        if (view.IsSuccess)
        {
            FlowETag.Set(http, view.Value.Version);
        }

        return view.ToHttpResult();
    }

    private static async Task<IResult> PermittedActionsAsync(HttpContext http, string orderNumber, CancellationToken cancellationToken)
    {
        orderNumber = SupervisionRouteValues.OrderNumber(http, orderNumber);
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        return refused ?? (await Supervisor(http).GetPermittedActionsAsync(orderNumber, actor!, cancellationToken).ConfigureAwait(false)).ToHttpResult();
    }

    private static async Task<IResult> RecordsAsync(HttpContext http, string orderNumber, CancellationToken cancellationToken)
    {
        orderNumber = SupervisionRouteValues.OrderNumber(http, orderNumber);
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var view = await Supervisor(http).GetViewAsync(orderNumber, actor!, cancellationToken).ConfigureAwait(false);
        if (!view.IsSuccess)
        {
            return view.Error.ToHttpResult();
        }

        FlowETag.Set(http, view.Value.Version);
        return Results.Json(view.Value.Records, HttpJson.Options);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, [AsParameters] SearchParameters parameters, CancellationToken cancellationToken)
    {
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (query, errors) = parameters.ToQuery(actor!);
        if (errors.Count > 0)
        {
            return SupervisionProblemDetails.Validation(errors, "The search's query string is invalid; see each parameter's message.");
        }

        var page = await Supervisor(http).SearchAsync(query, actor!, cancellationToken).ConfigureAwait(false);
        return page.IsSuccess
            ? Results.Json(new FlowPageResponse(page.Value.Items, page.Value.Next is { } next ? SearchCursor.Write(next) : null), HttpJson.Options)
            : page.Error.ToHttpResult();
    }

    private static async Task<IResult> CommandAsync<TBody>(HttpContext http, string orderNumber, bool required, Func<TBody?, string, string, Actor, SupervisionCommand> make, CancellationToken cancellationToken)
        where TBody : class
    {
        orderNumber = SupervisionRouteValues.OrderNumber(http, orderNumber);
        var (actor, refused) = await CallerAsync(http, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        // A command without a body is the command with none of its input: the library judges it in its own order
        // (no such flow, not the caller's, the freeze, the stage, then the missing input), as it judges "{}".
        var (body, invalid) = await RequestBody.ReadAsync<TBody>(http, required, cancellationToken, emptyIsNoInput: true).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        // The key names the command: a retry with the same key is the same command (command ids, R30). Without one,
        // each request is a new command; with two, which one names it is not known. HTTP may join two header fields
        // into one with a comma ("A, B"), so a key holding a comma is two keys as far as anyone can tell.
        var key = http.Request.Headers[IdempotencyKeyHeader];
        if (key.Count > 1 || (key.Count == 1 && key[0]!.Contains(',', StringComparison.Ordinal)))
        {
            return SupervisionProblemDetails.Validation(
                [new FieldError("commandId", $"The {IdempotencyKeyHeader} header holds more than one key (two fields, or a comma, which joins two); send it once, with one key and no comma.")],
                "The command has more than one Idempotency-Key.");
        }

        var (expectedVersion, unmatchable) = await FlowETag.ExpectedVersionAsync(http, orderNumber, cancellationToken).ConfigureAwait(false);
        if (unmatchable is not null)
        {
            return unmatchable;
        }

        var commandId = key.Count > 0 ? key.ToString() : Guid.NewGuid().ToString("N");
        var command = make(body, commandId, orderNumber, actor!) with { ExpectedVersion = expectedVersion };
        var outcome = await Supervisor(http).ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            FlowETag.Set(http, outcome.Value.FlowVersion);
            http.Response.Headers[IdempotencyKeyHeader] = commandId;
        }

        return outcome.ToHttpResult();
    }

    private static async ValueTask<(Actor? Actor, IResult? Refused)> CallerAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var resolver = http.RequestServices.GetRequiredService<ISupervisionActorResolver>();
        var actor = await resolver.ResolveAsync(http, cancellationToken).ConfigureAwait(false);
        if (actor is null)
        {
            return (null, SupervisionProblemDetails.UnauthenticatedResult());
        }

        if (actor.Role == ActorRole.System)
        {
            return (null, new SupervisionError
            {
                Code = SupervisionErrorCode.Forbidden,
                Reason = SupervisionErrorReason.SystemRoleReserved,
                Message = "The System role belongs to the library's own timers; a caller never acts in it.",
            }.ToHttpResult());
        }

        return (actor, null);
    }

    private static ServiceSupervisor Supervisor(HttpContext http) => http.RequestServices.GetRequiredService<ServiceSupervisor>();

    /// <summary>A 201 with a Location header around a JSON result.</summary>
    private sealed class CreatedResult(string location, IResult json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return json.ExecuteAsync(httpContext);
        }
    }
}
