using KooGallery.Supervision.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace KooGallery.Supervision.Web.Pages;

/// <summary>
/// "Waiting on me": the signed-in party's flows that wait on it, then its other flows. For an operations manager the
/// flows waiting on it are the appeal queue, oldest decision deadline first (FlowQuery.WaitingOn), and the others are
/// every flow without an open appeal.
/// </summary>
public sealed class IndexModel(ServiceSupervisor supervisor, IClock clock) : PageModel
{
    private const int PageSize = 100;

    public Actor Actor { get; private set; } = null!;

    public Instant Now { get; private set; }

    public IReadOnlyList<FlowSummary> WaitingOnMe { get; private set; } = [];

    public IReadOnlyList<FlowSummary> Others { get; private set; } = [];

    public bool MoreWaiting { get; private set; }

    public bool MoreOthers { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.ToActor() is not { } actor)
        {
            return Redirect("/signin");
        }

        Actor = actor;
        var cancel = HttpContext.RequestAborted;
        var waiting = await supervisor.SearchAsync(new FlowQuery { WaitingOn = actor, PageSize = PageSize }, actor, cancel);
        if (!waiting.IsSuccess)
        {
            Error = waiting.Error.Message;
            return Page();
        }

        // A buyer's or seller's search is narrowed to its own flows; an operations manager's covers every flow.
        var othersQuery = actor.Role == ActorRole.OperationsManager
            ? new FlowQuery { UnderAppeal = false, PageSize = PageSize }
            : new FlowQuery { PageSize = PageSize };
        var others = await supervisor.SearchAsync(othersQuery, actor, cancel);
        if (!others.IsSuccess)
        {
            Error = others.Error.Message;
            return Page();
        }

        Now = clock.GetCurrentInstant();
        WaitingOnMe = waiting.Value.Items;
        MoreWaiting = waiting.Value.Next is not null;
        var mine = WaitingOnMe.Select(f => f.OrderNumber).ToHashSet(StringComparer.Ordinal);
        Others = others.Value.Items.Where(f => !mine.Contains(f.OrderNumber)).ToList();
        MoreOthers = others.Value.Next is not null;
        return Page();
    }
}
