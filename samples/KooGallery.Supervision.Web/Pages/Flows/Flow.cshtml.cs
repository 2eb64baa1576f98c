using KooGallery.Supervision.Web.Identity;
using KooGallery.Supervision.Web.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace KooGallery.Supervision.Web.Pages.Flows;

/// <summary>
/// One flow as the signed-in party sees it: the stage strip, the counts, whom it waits on and for how long, the stall
/// and appeal conditions, the records as a timeline, and one form per action the party may take now. A refused action
/// shows the library's message on the page.
/// </summary>
public sealed class FlowModel(ServiceSupervisor supervisor, DemoOrderBook orders, IClock clock) : PageModel
{
    public string OrderNumber { get; private set; } = string.Empty;

    public Actor Actor { get; private set; } = null!;

    public FlowView? View { get; private set; }

    public DemoOrder? Order { get; private set; }

    public Instant Now { get; private set; }

    /// <summary>How long the flow has waited on whom it waits on: the idle clock, or while frozen the time since the appeal opened (R28).</summary>
    public Duration WaitingFor => View is null ? Duration.Zero
        : View.IsFrozen && View.WaitingSince is { } since ? (Now > since ? Now - since : Duration.Zero)
        : View.IdleFor;

    /// <summary>The refusal of the action just sent, or of the view itself.</summary>
    public SupervisionError? Refusal { get; private set; }

    [BindProperty]
    public ActionForm Input { get; set; } = new();

    public Task<IActionResult> OnGetAsync(string orderNumber) => ShowAsync(orderNumber);

    public async Task<IActionResult> OnPostAsync(string orderNumber)
    {
        if (User.ToActor() is not { } actor)
        {
            return Redirect("/signin");
        }

        orderNumber = FromRoute(orderNumber);
        StrictFormEnums.Check<SupervisionAction>(ModelState, Request.Form, "Input.Action");
        StrictFormEnums.Check<AppealOutcome>(ModelState, Request.Form, "Input.Outcome");
        StrictFormEnums.Check<Stage>(ModelState, Request.Form, "Input.ReturnTo");

        // A value the page could not read (an outcome that is no outcome, a number for a stage) is refused, never
        // left at the type's first value.
        var (command, refusal) = ModelState.IsValid
            ? Input.ToCommand(orderNumber, actor)
            : (null, new SupervisionError
            {
                Code = SupervisionErrorCode.Validation,
                Reason = SupervisionErrorReason.InvalidInput,
                Message = "The form holds a value the page cannot read: " + string.Join(" ", ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key)) + ".",
                Fields = ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => new FieldError(e.Key, "This value cannot be read.")).ToArray(),
            });
        if (command is not null)
        {
            var result = await supervisor.ExecuteAsync(command, HttpContext.RequestAborted);
            if (result.IsSuccess)
            {
                var outcome = result.Value;
                TempData["Notice"] = outcome.IsReplay
                    ? $"{Display.Words(outcome.Action)}: already done (this form was sent before); nothing changed."
                    : $"{Display.Words(outcome.Action)}: done. The flow is now {Display.Words(outcome.StageAfter).ToLowerInvariant()}.";
                return Redirect("/flows/" + Uri.EscapeDataString(orderNumber));
            }

            refusal = result.Error;
        }

        Refusal = refusal;
        return await ShowAsync(orderNumber);
    }

    /// <summary>
    /// The order number the path names, read as the library's endpoints read theirs: the raw path tells an encoded
    /// slash ("/flows/A%2FB", the order A/B) from a literal "%2F" ("/flows/A%252FB").
    /// </summary>
    private string FromRoute(string orderNumber) => KooGallery.Supervision.AspNetCore.SupervisionRouteValues.OrderNumber(HttpContext, orderNumber);

    /// <summary>A new command id for one form.</summary>
    public static string NewCommandId() => Guid.NewGuid().ToString("N");

    private async Task<IActionResult> ShowAsync(string orderNumber)
    {
        if (User.ToActor() is not { } actor)
        {
            return Redirect("/signin");
        }

        orderNumber = FromRoute(orderNumber);
        Actor = actor;
        OrderNumber = orderNumber;
        var view = await supervisor.GetViewAsync(orderNumber, actor, HttpContext.RequestAborted);
        Now = clock.GetCurrentInstant();

        // The order's data only for whom the library lets see the flow: a stranger learns nothing of it.
        Order = view.IsSuccess ? orders.Find(orderNumber) : null;
        if (!view.IsSuccess)
        {
            Refusal = view.Error;
            Response.StatusCode = view.Error.Code switch
            {
                SupervisionErrorCode.NotFound => StatusCodes.Status404NotFound,
                SupervisionErrorCode.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status400BadRequest,
            };
            return Page();
        }

        View = view.Value;
        ModelState.Clear(); // every form is drawn afresh, with a new command id
        return Page();
    }
}
