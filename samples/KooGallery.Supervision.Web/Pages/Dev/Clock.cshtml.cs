using System.Globalization;
using KooGallery.Supervision.Web.Development;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace KooGallery.Supervision.Web.Pages.Dev;

/// <summary>
/// DEVELOPMENT ONLY, NOT FOR PRODUCTION: moves the development clock forward and sweeps, so a person sees timers apply.
/// Answers 404 unless the development tools are on.
/// </summary>
public sealed class ClockModel(SampleSettings settings, IServiceProvider services, ServiceSupervisor supervisor) : PageModel
{
    public Instant Now { get; private set; }

    public Duration Offset { get; private set; }

    public IActionResult OnGet()
    {
        if (Clock is not { } clock)
        {
            return NotFound();
        }

        Now = clock.GetCurrentInstant();
        Offset = clock.Offset;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int hours, string? returnUrl)
    {
        if (Clock is not { } clock)
        {
            return NotFound();
        }

        if (hours is < 1 or > 24 * 365)
        {
            return BadRequest();
        }

        clock.Advance(Duration.FromHours(hours));
        var sweep = await supervisor.ApplyDueTimersAsync(HttpContext.RequestAborted);
        TempData["Notice"] = string.Create(CultureInfo.InvariantCulture,
            $"Clock moved forward {Display.Duration(Duration.FromHours(hours))} to {Display.Instant(clock.GetCurrentInstant())}; the sweep updated {sweep.FlowsUpdated} flow{(sweep.FlowsUpdated == 1 ? string.Empty : "s")}.");
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }

    private DevelopmentClock? Clock => settings.DevelopmentTools ? services.GetService<DevelopmentClock>() : null;
}
