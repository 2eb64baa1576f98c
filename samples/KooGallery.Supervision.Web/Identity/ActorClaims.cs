using System.Security.Claims;

namespace KooGallery.Supervision.Web.Identity;

/// <summary>
/// The caller's identity as claims: <see cref="ClaimTypes.NameIdentifier"/> holds the party id and
/// <see cref="ClaimTypes.Role"/> one of Buyer, Seller or OperationsManager. These are the claims the claims resolver of
/// KooGallery.Supervision.AspNetCore reads, so the pages and the JSON API see the same actor.
/// </summary>
public static class ActorClaims
{
    /// <summary>The roles a person can sign in with (the System role is the library's own).</summary>
    public static IReadOnlyList<ActorRole> Roles { get; } = [ActorRole.Buyer, ActorRole.Seller, ActorRole.OperationsManager];

    /// <summary>Builds the principal of an actor.</summary>
    public static ClaimsPrincipal ToPrincipal(Actor actor, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, actor.Id),
                new Claim(ClaimTypes.Name, actor.Id),
                new Claim(ClaimTypes.Role, actor.Role.ToString()),
            ],
            authenticationType);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Reads the actor of a signed-in principal, or null when it has no party id or no known role.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (string.IsNullOrWhiteSpace(id) || role is null || !Enum.TryParse<ActorRole>(role, ignoreCase: false, out var parsed)
            || !Roles.Contains(parsed) || !Enum.IsDefined(parsed) || role != parsed.ToString())
        {
            return null;
        }

        return new Actor(id, parsed);
    }
}
