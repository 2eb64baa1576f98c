using KooGallery.Supervision.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KooGallery.Supervision.Web.Pages;

/// <summary>
/// DEVELOPMENT ONLY, NOT FOR PRODUCTION: signs a person in as any buyer, seller or operations manager, without a
/// password, with the claims a real identity provider would issue. Off (404) unless the development tools are on.
/// </summary>
public sealed class SignInModel(SampleSettings settings, ServiceSupervisor supervisor) : PageModel
{
    public bool Enabled => settings.DevelopmentTools;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet()
    {
        if (!Enabled)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(ActorRole role, string? id)
    {
        if (!Enabled)
        {
            return NotFound();
        }

        // A role the form did not send, or one the page cannot read, is refused: never read as the first role.
        var actor = new Actor((id ?? string.Empty).Trim(), role);
        if (!ModelState.IsValid || !StrictFormEnums.IsOneName<ActorRole>(Request.Form["role"].Count == 1 ? Request.Form["role"][0] : null) || actor.Id.Length == 0 || actor.Id.Length > ServiceSupervisor.MaxIdLength || !ActorClaims.Roles.Contains(role))
        {
            Error = "Pick a buyer, seller or operations manager and give an id.";
            return Page();
        }

        // The id must be one the library takes (no control or invisible characters): it judges it, as any call would.
        var probe = await supervisor.SearchAsync(new FlowQuery { PageSize = 1 }, actor, HttpContext.RequestAborted);
        if (!probe.IsSuccess && probe.Error.Code == SupervisionErrorCode.Validation)
        {
            Error = "This id cannot be used: " + probe.Error.Message;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.ToPrincipal(actor, CookieAuthenticationDefaults.AuthenticationScheme));
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : Redirect("/");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage();
    }
}
