using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// The default <see cref="ISupervisionActorResolver"/>: the actor of an authenticated user from its claims. The role
/// comes from the claims of type <see cref="SupervisionEndpointOptions.RoleClaimType"/> (by default
/// <see cref="ClaimTypes.Role"/>) whose value is <c>Buyer</c>, <c>Seller</c> or <c>OperationsManager</c>; the id from the
/// claim of type <see cref="SupervisionEndpointOptions.IdClaimType"/> (by default <see cref="ClaimTypes.NameIdentifier"/>).
/// </summary>
/// <remarks>
/// No actor is resolved (the endpoint answers 401) when the user is not authenticated, has no id claim, has none of
/// the three roles, or has more than one of them (register a resolver of your own to choose between them). A
/// <c>System</c> role claim is never taken: that role belongs to the library's own timers. Thread-safe.
/// </remarks>
public sealed class ClaimsSupervisionActorResolver : ISupervisionActorResolver
{
    private readonly SupervisionEndpointOptions _options;

    /// <summary>Initializes a resolver with the claim types of <paramref name="options"/>.</summary>
    /// <param name="options">The endpoint options.</param>
    public ClaimsSupervisionActorResolver(IOptions<SupervisionEndpointOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <inheritdoc />
    public ValueTask<Actor?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new((Actor?)null);
        }

        var id = user.FindFirst(_options.IdClaimType)?.Value;
        if (string.IsNullOrWhiteSpace(id))
        {
            return new((Actor?)null);
        }

        ActorRole? role = null;
        foreach (var claim in user.FindAll(_options.RoleClaimType))
        {
            ActorRole? found = claim.Value switch
            {
                nameof(ActorRole.Buyer) => ActorRole.Buyer,
                nameof(ActorRole.Seller) => ActorRole.Seller,
                nameof(ActorRole.OperationsManager) => ActorRole.OperationsManager,
                _ => null, // "System" included: a caller never acts as the library's timers
            };
            if (found is null || found == role)
            {
                continue;
            }

            if (role is not null)
            {
                return new((Actor?)null); // two supervision roles: which one acts is the host's to decide
            }

            role = found;
        }

        return new(role is { } known ? new Actor(id, known) : null);
    }
}
